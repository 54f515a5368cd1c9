package dev.steward.node;

import dev.steward.HostMetrics;
import dev.steward.ResourceRecord;
import dev.steward.drift.DriftReport;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the planner looks at.
 *
 * @param fleets the desired fleets, each with its own name on each host (a fleet over several hosts is one
 *     {@link DesiredFleet} per host)
 * @param records every record of the store (the planner looks at node records)
 * @param drift the drift of those records against the latest observations
 * @param metrics the latest metrics per host; a host without metrics gets no additions and no
 *     threshold removals (the planner cannot judge it)
 * @param now the time the plan is made for (backoff deadlines are compared with it)
 */
public record PlanInput(
    List<DesiredFleet> fleets, List<ResourceRecord> records, DriftReport drift, Map<String, HostMetrics> metrics, Instant now) {
  public PlanInput {
    fleets = List.copyOf(fleets);
    Set<String> names = new HashSet<>();
    for (DesiredFleet fleet : fleets) {
      if (!names.add(fleet.name() + "@" + fleet.host())) {
        throw new IllegalArgumentException("Fleet name '" + fleet.name() + "' is used twice on host " + fleet.host()
            + ": give each fleet its own name (one fleet may run on several hosts, once on each)");
      }
    }
    records = List.copyOf(records);
    Objects.requireNonNull(drift, "drift");
    metrics = Map.copyOf(metrics);
    Objects.requireNonNull(now, "now");
  }
}
