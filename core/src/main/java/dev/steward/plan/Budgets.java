package dev.steward.plan;

import dev.steward.ActionType;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How many actions of each type may be in flight at once, counting those already under way in the
 * store. A type without a budget is unlimited. {@link #standard()} is the default of the loop and
 * the node planner: a change rolls out a little at a time, so a bad version or a bad host costs
 * one node, not the fleet.
 *
 * @param maxInFlight the limit per action type, each 1 or more
 */
public record Budgets(Map<ActionType, Integer> maxInFlight) {
  /** The standard limit on upgrades in flight: one node at a time runs a version not yet proven. */
  public static final int STANDARD_UPGRADES = 1;
  /** The standard limit on starts in flight: dead nodes come back soon, but not all in one rush. */
  public static final int STANDARD_STARTS = 2;
  /** The standard limit on additions in flight: a fleet grows soon, but not all in one rush. */
  public static final int STANDARD_ADDS = 2;
  /** The standard limit on removals in flight: capacity goes one node at a time. */
  public static final int STANDARD_REMOVALS = 1;

  private static final Budgets STANDARD = new Budgets(Map.of(ActionType.UPGRADE, STANDARD_UPGRADES,
      ActionType.START, STANDARD_STARTS, ActionType.ADD, STANDARD_ADDS, ActionType.REMOVE, STANDARD_REMOVALS));

  public Budgets {
    EnumMap<ActionType, Integer> copy = new EnumMap<>(ActionType.class);
    maxInFlight.forEach((type, max) -> {
      if (max == null || max < 1) {
        throw new IllegalArgumentException("The budget for " + type + " must be 1 or more, got " + max);
      }
      copy.put(type, max);
    });
    maxInFlight = Map.copyOf(copy);
  }

  /**
   * At most {@value #STANDARD_UPGRADES} UPGRADE, {@value #STANDARD_STARTS} START,
   * {@value #STANDARD_ADDS} ADD and {@value #STANDARD_REMOVALS} REMOVE in flight; other types
   * unlimited. The default of the loop ({@code Reconciler.Builder}) and of the node planner's
   * {@code PlanPolicy.DEFAULT}; a fleet file may set its own.
   */
  public static Budgets standard() {
    return STANDARD;
  }

  /** No limit on any type: every action due is planned at once. For tests and for one-off batch runs. */
  public static Budgets unlimited() {
    return new Budgets(Map.of());
  }

  public OptionalInt limit(ActionType type) {
    Integer max = maxInFlight.get(type);
    return max == null ? OptionalInt.empty() : OptionalInt.of(max);
  }

  /** A copy with one more limit. */
  public Budgets with(ActionType type, int max) {
    EnumMap<ActionType, Integer> copy = new EnumMap<>(ActionType.class);
    copy.putAll(maxInFlight);
    copy.put(type, max);
    return new Budgets(copy);
  }
}
