package dev.steward.examples.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker command, run by a test itself to check what Steward did or said. */
final class DockerCommand {
  private DockerCommand() {}

  /** Runs {@code argv} (a docker command line) and returns what it printed, both streams. */
  static String docker(List<String> argv) {
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new AssertionError("could not run " + argv, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + argv, e);
    }
  }
}
