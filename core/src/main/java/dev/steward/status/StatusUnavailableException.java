package dev.steward.status;

import dev.steward.StewardException;

/** No running instance answered on the status socket. */
public class StatusUnavailableException extends StewardException {
  private static final long serialVersionUID = 1L;
  private final transient StatusLocation location;
  private final String reason;

  public StatusUnavailableException(StatusLocation location, String reason) {
    super("No running instance found: nothing answers on " + location.socket() + " (" + reason + ").");
    this.location = location;
    this.reason = reason;
  }

  /** Why nothing answered, e.g. "there is no socket file". */
  public String reason() {
    return reason;
  }

  public StatusLocation location() {
    return location;
  }
}
