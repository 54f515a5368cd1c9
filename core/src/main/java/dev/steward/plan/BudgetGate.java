package dev.steward.plan;

import dev.steward.ActionType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Admits a kind's actions under the pass's {@link Budgets}, one at a time in the kind's order of
 * urgency, counting what is in flight already: the one place the budget rule and its reason text
 * live. A kind makes one from its {@link PlanRequest}, {@linkplain #inFlight counts} its records
 * whose action is still under way, asks {@link #admit} for each action it wants, and reports {@link
 * #underWay()} in its {@link Plan}. Not thread-safe: one per plan.
 */
public final class BudgetGate {
  private static final ActionType[] TYPES = ActionType.values();

  private final Budgets budgets;
  private final int[] underWay = new int[TYPES.length];

  public BudgetGate(Budgets budgets, Map<ActionType, Integer> underWay) {
    this.budgets = Objects.requireNonNull(budgets, "budgets");
    underWay.forEach((type, n) -> this.underWay[type.ordinal()] += n);
  }

  /** A gate for {@code request}'s budgets and what is under way before the kind plans. */
  public static BudgetGate of(PlanRequest request) {
    return new BudgetGate(request.budgets(), request.underWay());
  }

  /** Counts one {@code type} under way already: a record whose intent was written and not finished. */
  public void inFlight(ActionType type) {
    underWay[type.ordinal()]++;
  }

  /**
   * Admits one more {@code type}, counting it, or says why not: {@code "budget: at most 1 UPGRADE
   * in flight, 1 under way"}. A SURVEY changes nothing and is always admitted, uncounted.
   */
  public Optional<String> admit(ActionType type) {
    if (type == ActionType.SURVEY) {
      return Optional.empty();
    }
    OptionalInt limit = budgets.limit(type);
    int at = underWay[type.ordinal()];
    if (limit.isPresent() && at >= limit.getAsInt()) {
      return Optional.of("budget: at most " + limit.getAsInt() + " " + type + " in flight, " + at + " under way");
    }
    underWay[type.ordinal()]++;
    return Optional.empty();
  }

  /** How many of each type are under way: those counted before plus those admitted. */
  public Map<ActionType, Integer> underWay() {
    Map<ActionType, Integer> counts = new EnumMap<>(ActionType.class);
    for (ActionType type : TYPES) {
      if (underWay[type.ordinal()] > 0) {
        counts.put(type, underWay[type.ordinal()]);
      }
    }
    return counts;
  }
}
