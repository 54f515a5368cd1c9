package dev.steward.plan;

import dev.steward.Action;
import dev.steward.ActionType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to do this pass, most urgent first, and what was held back.
 *
 * @param actions ordered by priority, then type, then target; deterministic for the same input
 * @param held actions that were due but held back, with why, in the same order
 * @param at the time the plan was made for
 * @param underWay how many actions of each type are in flight once this plan is carried out: those
 *     under way before it (including what kinds planned earlier in the pass took) plus those it
 *     plans. The loop hands it to the next kind, so budgets hold across kinds. A type without
 *     entry has none.
 */
public record Plan(List<Action> actions, List<HeldAction> held, Instant at, Map<ActionType, Integer> underWay) {
  public Plan {
    actions = List.copyOf(actions);
    held = List.copyOf(held);
    Objects.requireNonNull(at, "at");
    EnumMap<ActionType, Integer> counts = new EnumMap<>(ActionType.class);
    underWay.forEach((type, n) -> {
      if (n == null || n < 0) {
        throw new IllegalArgumentException("The count of " + type + " under way must be zero or more, got " + n);
      }
      if (n > 0) {
        counts.put(type, n);
      }
    });
    underWay = Map.copyOf(counts);
  }

  /** A plan that counts only its own actions as under way. */
  public Plan(List<Action> actions, List<HeldAction> held, Instant at) {
    this(actions, held, at, countOf(actions));
  }

  /** True when the plan only surveys. */
  public boolean isQuiet() {
    return actions.stream().allMatch(a -> a.type() == ActionType.SURVEY);
  }

  /** How many of each type are under way, zero for a type it has no entry for. */
  public int underWay(ActionType type) {
    return underWay.getOrDefault(type, 0);
  }

  private static Map<ActionType, Integer> countOf(List<Action> actions) {
    EnumMap<ActionType, Integer> counts = new EnumMap<>(ActionType.class);
    for (Action action : actions) {
      if (action.type() != ActionType.SURVEY) {
        counts.merge(action.type(), 1, Integer::sum);
      }
    }
    return counts;
  }
}
