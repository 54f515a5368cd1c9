package dev.steward.plan;

import dev.steward.ActionType;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How many actions of each type may be in flight at once, counting those already under way in the
 * store. A type without a budget is unlimited.
 *
 * @param maxInFlight the limit per action type, each 1 or more
 */
public record Budgets(Map<ActionType, Integer> maxInFlight) {
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
