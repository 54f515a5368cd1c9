package dev.steward.testsupport.lab;

import dev.steward.testsupport.Root;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link RequiresLab}: starts the lab pieces a test needs, once per
 * JVM, by running their idempotent scripts ({@code lab/sshd.sh start}, ...) from the repository's
 * {@code lab/} directory, found by walking up from the module's directory.
 *
 * <p>Several JVMs of one build (or of several builds on one machine) may start the same piece at
 * once: each takes an OS file lock next to the piece's directory around its script, and the
 * scripts reuse what is already running. Without root the test is aborted (reported as skipped)
 * with one line saying it needs root. A script that fails as root fails the test with the
 * script's last lines. Thread-safe.
 */
public final class Lab implements BeforeAllCallback, BeforeEachCallback {
  /** A host container's first start installs packages and builds its image from Debian's mirror. */
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(20);
  private static final int LINES_SHOWN = 20;

  /** What starting each piece gave in this JVM: its properties, or why it is not there. */
  private static final Map<LabService, Outcome> STARTED = new EnumMap<>(LabService.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RequiresLab.class)
        .ifPresent(Lab::startEach);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, RequiresLab.class)).ifPresent(Lab::startEach);
  }

  private static void startEach(RequiresLab required) {
    for (LabService service : required.value()) {
      properties(service);
    }
  }

  /**
   * The properties {@code service}'s script wrote (address, port, key files, ...), starting it
   * first if this JVM has not yet. Aborts the calling test without root, as {@link RequiresLab} does.
   */
  public static Properties properties(LabService service) {
    Outcome outcome;
    synchronized (STARTED) {
      outcome = STARTED.computeIfAbsent(service, Lab::start);
    }
    return outcome.properties();
  }

  private static Outcome start(LabService service) {
    try {
      if (!Root.isRoot()) {
        // The lab's files (keys, known_hosts) are root's, 0600 in 0700 directories: root's lab is of no use to others.
        return Outcome.skipped("needs root: " + service.script() + " " + service.whyRoot() + "; run the tests as root");
      }
      return Outcome.ready(runStart(service));
    } catch (RuntimeException e) {
      return Outcome.failed(e);
    }
  }

  private static Properties runStart(LabService service) {
    long began = System.nanoTime();
    Path log = runScript(service, "start");
    Path file = service.propertiesFile();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(service.script() + " start succeeded but wrote no " + file + lastLines(log));
    }
    System.err.printf("lab: %s is ready (%s start, %.1f s; %s)%n", service.name().toLowerCase(Locale.ROOT),
        service.script(), (System.nanoTime() - began) / 1e9, file);
    return read(file);
  }

  /**
   * Runs {@code service}'s script with {@code arguments} (e.g. {@code stop-host 3}) under the
   * piece's lock, as {@link #properties} runs {@code start}: an error with the script's last lines
   * when it fails. Aborts the calling test without root.
   */
  public static void run(LabService service, String... arguments) {
    if (!Root.isRoot()) {
      Assumptions.abort("needs root: " + service.script() + " " + service.whyRoot() + "; run the tests as root");
    }
    runScript(service, arguments);
  }

  /** Runs the script under the piece's lock; its output goes to a log beside the piece's directory, returned. */
  private static Path runScript(LabService service, String... arguments) {
    Path script = findScript(service);
    Path directory = service.directory().toAbsolutePath();
    Path parent = directory.getParent();
    Path lockFile = parent.resolve(directory.getFileName() + ".start.lock");
    Path log = parent.resolve(directory.getFileName() + "." + arguments[0] + ".log");
    String command = service.script() + " " + String.join(" ", arguments);
    List<String> argv = new ArrayList<>(List.of("bash", script.toString()));
    argv.addAll(List.of(arguments));
    try {
      Files.createDirectories(parent);
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        Process process = new ProcessBuilder(argv)
            .directory(script.getParent().getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        if (!process.waitFor(SCRIPT_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException(command + " did not finish within " + SCRIPT_TIMEOUT.toMinutes()
              + " minutes; its output is in " + log + lastLines(log));
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(command + " failed with exit status " + process.exitValue()
              + "; its output is in " + log + lastLines(log));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while " + command + " ran", e);
    }
    return log;
  }

  /** {@code lab/SCRIPT} in the first directory at or above this JVM's working directory that has it. */
  static Path findScript(LabService service) {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path script = dir.resolve(service.script());
      if (Files.isRegularFile(script)) {
        return script;
      }
    }
    throw new IllegalStateException("Cannot find " + service.script() + " in " + start + " or any directory above it;"
        + " run the tests from inside the Steward repository");
  }

  private static Properties read(Path file) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the lab's " + file + ": " + e.getMessage(), e);
    }
    return properties;
  }

  private static String lastLines(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last = new ArrayList<>(lines.subList(Math.max(0, lines.size() - LINES_SHOWN), lines.size()));
      return last.isEmpty() ? " (no output)" : ":\n  " + String.join("\n  ", last);
    } catch (IOException e) {
      return "";
    }
  }

  /** Properties to hand out, a reason to skip, or a failure to repeat to every test that asks. */
  private record Outcome(Properties ready, String skipReason, RuntimeException failure) {
    static Outcome ready(Properties properties) {
      return new Outcome(properties, null, null);
    }

    static Outcome skipped(String reason) {
      return new Outcome(null, reason, null);
    }

    static Outcome failed(RuntimeException failure) {
      return new Outcome(null, null, failure);
    }

    Properties properties() {
      if (failure != null) {
        throw new IllegalStateException(failure.getMessage(), failure);
      }
      if (skipReason != null) {
        Assumptions.abort(skipReason);
      }
      Properties copy = new Properties();
      copy.putAll(ready);
      return copy;
    }
  }
}
