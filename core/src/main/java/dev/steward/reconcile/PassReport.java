package dev.steward.reconcile;

import dev.steward.Observation;
import dev.steward.drift.DriftReport;
import dev.steward.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One pass of the loop: what was observed, the drift, the plan, and how each action ended.
 *
 * @param startedAt when the pass began
 * @param took how long it took
 * @param dryRun true when the plan was only printed, not carried out
 * @param observations one per host looked at
 * @param drift the drift classification
 * @param plan the plan, with the actions held back
 * @param outcomes one per planned action (empty for a dry run)
 * @param leading false when the pass only observed and planned because this instance does not
 *     lead the instances that share its store (then {@code dryRun} is true too)
 */
public record PassReport(
    Instant startedAt,
    Duration took,
    boolean dryRun,
    List<Observation> observations,
    DriftReport drift,
    Plan plan,
    List<ActionOutcome> outcomes,
    boolean leading) {
  public PassReport {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(took, "took");
    observations = List.copyOf(observations);
    Objects.requireNonNull(drift, "drift");
    Objects.requireNonNull(plan, "plan");
    outcomes = List.copyOf(outcomes);
    if (!leading && !dryRun) {
      throw new IllegalArgumentException("A pass of an instance that does not lead changes nothing: it is a dry run");
    }
  }

  /** A pass of an instance that leads, or that shares its store with no other. */
  public PassReport(Instant startedAt, Duration took, boolean dryRun, List<Observation> observations, DriftReport drift,
      Plan plan, List<ActionOutcome> outcomes) {
    this(startedAt, took, dryRun, observations, drift, plan, outcomes, true);
  }

  /** The outcomes that failed. */
  public List<ActionOutcome> failures() {
    return outcomes.stream().filter(ActionOutcome::failed).toList();
  }
}
