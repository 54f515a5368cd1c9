package dev.steward.status;

import dev.steward.StewardException;
import java.util.OptionalInt;

/**
 * A status document could not be read: not JSON, not a Steward status, missing fields, or written
 * in a format version this Steward does not know. Never misread: the caller reports it.
 */
public class StatusFormatException extends StewardException {
  private static final long serialVersionUID = 1L;
  private final int version;

  public StatusFormatException(String message) {
    this(message, -1, null);
  }

  public StatusFormatException(String message, int version, Throwable cause) {
    super(message, cause);
    this.version = version;
  }

  /** The format version the document declared, when it declared one this Steward does not read. */
  public OptionalInt unsupportedVersion() {
    return version > 0 ? OptionalInt.of(version) : OptionalInt.empty();
  }
}
