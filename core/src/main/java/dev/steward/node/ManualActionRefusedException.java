package dev.steward.node;

import dev.steward.StewardException;

/** A manual node action the loop's rules forbid (a budget, a threshold, the node's state): nothing was changed. */
public class ManualActionRefusedException extends StewardException {
  private static final long serialVersionUID = 1L;

  public ManualActionRefusedException(String message) {
    super(message);
  }
}
