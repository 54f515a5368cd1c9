package dev.steward.node;

import dev.steward.plan.Budgets;
import java.util.Objects;

/**
 * The rules the planner follows besides the desired fleets.
 *
 * @param thresholds when hosts are too loaded to add to, or so loaded a node must go
 * @param budgets how many actions of each type may be in flight at once
 */
public record PlanPolicy(Thresholds thresholds, Budgets budgets) {
  /** The default thresholds and the {@linkplain Budgets#standard() standard budgets}. */
  public static final PlanPolicy DEFAULT = new PlanPolicy(Thresholds.DEFAULT, Budgets.standard());

  public PlanPolicy {
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(budgets, "budgets");
  }
}
