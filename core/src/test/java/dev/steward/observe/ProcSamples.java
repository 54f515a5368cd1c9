package dev.steward.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The sample files under {@code src/test/resources/proc}: real ones from a Linux host, and hand-written edge cases. */
final class ProcSamples {
  private ProcSamples() {}

  static String read(String name) {
    try (InputStream in = ProcSamples.class.getResourceAsStream("/proc/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no sample /proc/" + name + " on the test class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
