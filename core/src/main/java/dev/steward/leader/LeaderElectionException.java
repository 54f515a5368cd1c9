package dev.steward.leader;

import dev.steward.StewardException;

/** The election's shared record could not be read or written: this candidate does not lead meanwhile. */
public class LeaderElectionException extends StewardException {
  private static final long serialVersionUID = 1L;

  public LeaderElectionException(String message) {
    super(message);
  }

  public LeaderElectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
