package dev.steward.plan;

import dev.steward.Action;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to do this pass, most urgent first, and what was held back.
 *
 * @param actions ordered by priority, then type, then target; deterministic for the same input
 * @param held actions that were due but held back, with why, in the same order
 * @param at the time the plan was made for
 */
public record Plan(List<Action> actions, List<HeldAction> held, Instant at) {
  public Plan {
    actions = List.copyOf(actions);
    held = List.copyOf(held);
    Objects.requireNonNull(at, "at");
  }

  /** True when the plan only surveys. */
  public boolean isQuiet() {
    return actions.stream().allMatch(a -> a.type() == dev.steward.ActionType.SURVEY);
  }
}
