package dev.steward.store;

import dev.steward.StewardException;

/**
 * The store could not write a change. The message says which file failed and whether the change
 * could have reached the disk; the store stays consistent and re-reads its directory before the
 * next operation when in doubt.
 */
public class StoreWriteException extends StewardException {
  private static final long serialVersionUID = 1L;

  public StoreWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
