package dev.steward;

import java.util.Objects;

/**
 * One step of a plan: what to do to which resource, how urgent it is and why.
 *
 * @param type what to do
 * @param target the resource it is done to
 * @param priority lower runs first; 0 is the most urgent
 * @param reason why, in words for a person, e.g. "cpu 93% is above the removal threshold 90%"
 */
public record Action(ActionType type, ResourceKey target, int priority, String reason) {
  public Action {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    if (priority < 0) {
      throw new IllegalArgumentException("Action priority must be zero or more, got " + priority);
    }
    Names.notBlank(reason, "Action reason");
  }
}
