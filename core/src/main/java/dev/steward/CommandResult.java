package dev.steward;

import java.time.Duration;
import java.util.Objects;

/**
 * What a command did: its exit status and its two output streams, kept apart. Output beyond the
 * transport's limit is dropped and flagged, never silently cut.
 *
 * @param host where it ran
 * @param command what ran
 * @param exitCode the exit status; 128 + n when killed by signal n
 * @param stdout standard output, decoded as UTF-8
 * @param stderr standard error, decoded as UTF-8
 * @param stdoutTruncated true when stdout was longer than the limit and the rest was dropped
 * @param stderrTruncated the same for stderr
 * @param elapsed how long it ran
 */
public record CommandResult(
    String host,
    Command command,
    int exitCode,
    String stdout,
    String stderr,
    boolean stdoutTruncated,
    boolean stderrTruncated,
    Duration elapsed) {

  public CommandResult {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  /**
   * This result when the command exited 0, else a {@link CommandFailedException} that names the
   * command, the host, the status and the first lines of stderr.
   */
  public CommandResult requireSuccess() {
    if (!succeeded()) {
      throw new CommandFailedException(this);
    }
    return this;
  }
}
