package dev.steward.docker.internal;

import dev.steward.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Container names for nodes: {@code steward-INSTANCE-KIND-NAME}. Docker takes
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
    String plain = PREFIX + instance + "-" + key.kind() + "-" + key.name();
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
