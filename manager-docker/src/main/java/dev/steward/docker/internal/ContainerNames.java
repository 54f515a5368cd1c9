package dev.steward.docker.internal;

import dev.steward.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Container names for nodes: {@code steward-INSTANCE-KIND-NAME}, and for the containers several
 * nodes share ({@link #pack}). Docker takes
 * {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}; a part with other characters (Steward's names may hold
 * {@code @ : +}) has them replaced and a hash of the whole appended, so two nodes never share a
 * name. The name is a handle only: the node is read back from the container's labels. Thread-safe.
 */
final class ContainerNames {
  static final String PREFIX = "steward-";
  /** Far below Docker's limit, so a name stays readable in {@code docker ps}. */
  static final int MAX_LENGTH = 128;

  private ContainerNames() {}

  static String of(String instance, ResourceKey key) {
    return docker(PREFIX + instance + "-" + key.kind() + "-" + key.name());
  }

  /**
   * The name of a pack container: {@code steward-INSTANCE-pack-GROUP-K-HASH}, where {@code
   * GROUP-K} is its pack label and HASH the hash of what it is made from, so the pack an upgrade
   * makes (from a new image, say) stands beside the old one under a name of its own.
   */
  static String pack(String instance, String pack, String specHash) {
    return docker(PREFIX + instance + "-pack-" + pack + "-" + specHash);
  }

  /** {@code plain} as Docker takes it: as it is when it can, else cleaned, shortened and made unique by its hash. */
  private static String docker(String plain) {
    String cleaned = plain.replaceAll("[^a-zA-Z0-9_.-]", "_");
    if (cleaned.equals(plain) && plain.length() <= MAX_LENGTH) {
      return plain;
    }
    String hash = hash(plain);
    return cleaned.substring(0, Math.min(cleaned.length(), MAX_LENGTH - hash.length() - 1)) + "-" + hash;
  }

  static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
