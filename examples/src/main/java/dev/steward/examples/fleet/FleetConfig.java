package dev.steward.examples.fleet;

import dev.steward.node.DesiredFleet;
import dev.steward.node.PlanPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fleet file describes.
 *
 * @param fleets the desired fleets, names unique
 * @param policy thresholds and budgets
 * @param selector the id of the NodeSelector provider that chooses victims, when the file names one
 * @param interval how long the daemon waits between passes
 */
public record FleetConfig(List<DesiredFleet> fleets, PlanPolicy policy, Optional<String> selector, Duration interval) {
  public FleetConfig {
    fleets = List.copyOf(fleets);
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(interval, "interval");
  }
}
