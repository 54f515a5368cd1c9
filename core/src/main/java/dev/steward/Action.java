package dev.steward;

import java.util.Objects;
import java.util.Optional;

/**
 * One step of a plan: what to do to which resource, how urgent it is and why.
 *
 * @param type what to do
 * @param target the resource it is done to
 * @param priority lower runs first; 0 is the most urgent
 * @param reason why, in words for a person, e.g. "cpu 93% is above the removal threshold 90%"
 * @param spec the desired state to act towards (what to start, what to upgrade to), when the
 *     action needs one
 */
public record Action(ActionType type, ResourceKey target, int priority, String reason, Optional<Spec> spec) {
  public Action {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    if (priority < 0) {
      throw new IllegalArgumentException("Action priority must be zero or more, got " + priority);
    }
    Names.notBlank(reason, "Action reason");
    Objects.requireNonNull(spec, "spec");
    if (spec.isPresent() && !spec.get().key().equals(target)) {
      throw new IllegalArgumentException("The spec of an action on " + target + " is for " + spec.get().key());
    }
  }

  /** An action that needs no spec. */
  public Action(ActionType type, ResourceKey target, int priority, String reason) {
    this(type, target, priority, reason, Optional.empty());
  }
}
