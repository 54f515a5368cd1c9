package dev.steward.process.internal;

import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Steward markers in the text of {@code /proc/<pid>/environ}: which instance started the process
 * and which resource it is. Thread-safe: no state.
 *
 * @param instance the value of {@link ProcessSpec#ENV_INSTANCE}
 * @param resource the value of {@link ProcessSpec#ENV_RESOURCE}, {@code kind/name}
 */
public record EnvironMarkers(String instance, String resource) {
  private static final byte[] INSTANCE = (ProcessSpec.ENV_INSTANCE + "=").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RESOURCE = (ProcessSpec.ENV_RESOURCE + "=").getBytes(StandardCharsets.US_ASCII);

  /** Both markers of a NUL-separated environment block, or empty when either is missing. */
  public static Optional<EnvironMarkers> parse(byte[] environ) {
    String instance = null;
    String resource = null;
    int start = 0;
    for (int i = 0; i <= environ.length; i++) {
      if (i == environ.length || environ[i] == 0) {
        if (startsWith(environ, start, i, INSTANCE)) {
          instance = new String(environ, start + INSTANCE.length, i - start - INSTANCE.length, StandardCharsets.UTF_8);
        } else if (startsWith(environ, start, i, RESOURCE)) {
          resource = new String(environ, start + RESOURCE.length, i - start - RESOURCE.length, StandardCharsets.UTF_8);
        }
        start = i + 1;
      }
    }
    return instance == null || resource == null ? Optional.empty() : Optional.of(new EnvironMarkers(instance, resource));
  }

  /** The local resource the markers name, or empty when the resource marker is not {@code kind/name}. */
  public Optional<ResourceKey> key() {
    int slash = resource.indexOf('/');
    if (slash <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(ResourceKey.local(resource.substring(0, slash), resource.substring(slash + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean startsWith(byte[] data, int from, int to, byte[] prefix) {
    if (to - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
