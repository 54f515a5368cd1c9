package dev.steward.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The real sample outputs under {@code src/test/resources/observe} (see the README there). */
final class Samples {
  private Samples() {}

  static String read(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/observe/" + name)) {
      if (in == null) {
        throw new IllegalStateException("No sample " + name + " under src/test/resources/observe");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
