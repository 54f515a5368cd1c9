package dev.steward.probe.ssh;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fan-out got from every host, in the order the hosts were given.
 *
 * @param outcomes one per host
 * @param elapsed the wall time of the whole fan-out
 */
public record FanOutReport(List<HostOutcome> outcomes, Duration elapsed) {
  public FanOutReport {
    outcomes = List.copyOf(outcomes);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** The outcomes of the hosts where every command ran. */
  public List<HostOutcome> completed() {
    return outcomes.stream().filter(HostOutcome::completed).toList();
  }

  /** The outcomes of the hosts that failed, each with its reason. */
  public List<HostOutcome> failed() {
    return outcomes.stream().filter(o -> !o.completed()).toList();
  }

  /** The outcome of {@code host}, as it was given. */
  public Optional<HostOutcome> outcome(String host) {
    return outcomes.stream().filter(o -> o.host().equals(host)).findFirst();
  }
}
