package dev.steward.plan;

import dev.steward.ActionType;
import dev.steward.HostMetrics;
import dev.steward.Observation;
import dev.steward.ResourceRecord;
import dev.steward.drift.DriftReport;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the loop hands one kind to plan from in a pass. A kind's plan is a pure function of it.
 *
 * @param records the store's records of the kind's resource kinds
 * @param drift those records against the pass's observations, under the kind's drift rules
 * @param observations one per host observed this pass (for everything else the kind may read)
 * @param metrics the latest metrics per host that reported them
 * @param now the time the plan is made for; backoff deadlines are compared with it
 * @param budgets how many actions of each type may be in flight at once, for all kinds together
 * @param underWay how many of each type are in flight already, counting what kinds planned earlier
 *     in this pass took; a kind adds its own records in flight and its planned actions to it
 */
public record PlanRequest(
    List<ResourceRecord> records,
    DriftReport drift,
    List<Observation> observations,
    Map<String, HostMetrics> metrics,
    Instant now,
    Budgets budgets,
    Map<ActionType, Integer> underWay) {
  public PlanRequest {
    records = List.copyOf(records);
    Objects.requireNonNull(drift, "drift");
    observations = List.copyOf(observations);
    metrics = Map.copyOf(metrics);
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(budgets, "budgets");
    underWay = underWay.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(underWay));
  }

  /** How many of {@code type} are in flight already. */
  public int underWay(ActionType type) {
    return underWay.getOrDefault(type, 0);
  }
}
