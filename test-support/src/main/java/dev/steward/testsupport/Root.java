package dev.steward.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need root: without it they are reported as skipped, with one line saying why, never
 * as passed.
 */
public final class Root {
  private Root() {}

  /** Whether this JVM runs as root (uid 0), asked of the kernel rather than of {@code user.name}. */
  public static boolean isRoot() {
    try {
      // /proc/self belongs to the process's effective uid.
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** Aborts the test (reported as skipped) with {@code "needs root: " + why} unless this JVM runs as root. */
  public static void require(String why) {
    Assumptions.assumeTrue(isRoot(), () -> "needs root: " + why);
  }
}
