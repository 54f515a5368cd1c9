package dev.steward.plan;

import dev.steward.Action;
import java.util.Objects;

/**
 * An action that was due but not planned this pass, and why: a budget was used up, a threshold
 * forbade it, a failed node is still backing off, or its node changed too recently (a cooldown).
 */
public record HeldAction(Action action, String heldBecause) {
  public HeldAction {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(heldBecause, "heldBecause");
    if (heldBecause.isBlank()) {
      throw new IllegalArgumentException("A held action needs a reason");
    }
  }
}
