package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar target/steward.jar ...} as a separate process, the way a user does. */
final class StewardJar {
  private static final long TIMEOUT_SECONDS = 120;

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Path workDir;

  /** @param workDir where the process's output files go */
  StewardJar(Path workDir) {
    this.workDir = workDir;
  }

  /** The jar failsafe names in the system property {@code steward.jar}, else target/steward.jar. */
  static Path jar() {
    Path jar = Path.of(System.getProperty("steward.jar", "target/steward.jar")).toAbsolutePath();
    assertThat(jar).as("the runner jar; build it with ./mvnw -pl examples -am verify").isRegularFile();
    return jar;
  }

  Result run(String... args) {
    return run(Map.of(), args);
  }

  /** Starts the jar and returns at once; output goes to files in the work folder. The caller ends the process. */
  Process start(String... args) {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java, "-jar", jar().toString()));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
          .redirectOutput(Files.createTempFile(workDir, "stdout", ".txt").toFile())
          .redirectError(Files.createTempFile(workDir, "stderr", ".txt").toFile());
      builder.environment().remove("STEWARD_PLUGIN_PATH");
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the jar with {@code environment} added to a copy of this process's, minus STEWARD_PLUGIN_PATH. */
  Result run(Map<String, String> environment, String... args) {
    return run(TIMEOUT_SECONDS, environment, args);
  }

  /** The same, for a run that may take up to {@code timeoutSeconds}. */
  Result run(long timeoutSeconds, Map<String, String> environment, String... args) {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java, "-jar", jar().toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(workDir, "stdout", ".txt");
      Path err = Files.createTempFile(workDir, "stderr", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().remove("STEWARD_PLUGIN_PATH");
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + "s; output so far:\n"
            + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for " + command, e);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
