package dev.steward.migration;

import dev.steward.StewardException;

/** A document could not be read or migrated. The input was left as it was. */
public class MigrationException extends StewardException {
  private static final long serialVersionUID = 1L;

  public MigrationException(String message) {
    super(message);
  }

  public MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
