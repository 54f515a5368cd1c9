package dev.steward.probe.ssh;

import dev.steward.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fan-out got from one host: the result of each command that ran, in order, and the
 * failure that stopped it, if any. A command that exits non-zero is a result, not a failure; a
 * host that could not be reached has no results and a failure, and observers treat it as
 * UNKNOWN, never as empty.
 *
 * @param host the host as it was given
 * @param results the results of the commands that ran, in the order given
 * @param failure why the rest did not run
 * @param elapsed how long the host took, connecting included
 */
public record HostOutcome(String host, List<CommandResult> results, Optional<HostFailure> failure, Duration elapsed) {
  public HostOutcome {
    Objects.requireNonNull(host, "host");
    results = List.copyOf(results);
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** True when every command ran (whatever their exit statuses). */
  public boolean completed() {
    return failure.isEmpty();
  }
}
