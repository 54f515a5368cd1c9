package dev.steward.store;

import dev.steward.StewardException;

/**
 * An import would replace the state with one from another lineage or an older serial. Nothing was
 * changed; import with force to replace it anyway.
 */
public class ImportRefusedException extends StewardException {
  private static final long serialVersionUID = 1L;

  public ImportRefusedException(String message) {
    super(message);
  }
}
