package dev.steward.mount;

import dev.steward.StewardException;

/** A project could not be mounted, cleaned or recorded; the message says why and what to do. */
public final class MountException extends StewardException {
  private static final long serialVersionUID = 1L;

  public MountException(String message) {
    super(message);
  }

  public MountException(String message, Throwable cause) {
    super(message, cause);
  }
}
