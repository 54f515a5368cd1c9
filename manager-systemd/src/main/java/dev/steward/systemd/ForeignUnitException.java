package dev.steward.systemd;

import dev.steward.StewardException;
import java.util.Objects;

/**
 * A unit of the name Steward would give a node exists on the host, and Steward did not write it
 * (or wrote it for another instance or resource). Steward never changes such a unit: remove or
 * rename it, or give the node another name.
 */
public class ForeignUnitException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final String unit;

  public ForeignUnitException(String host, String unit, String message) {
    super(message);
    this.host = Objects.requireNonNull(host, "host");
    this.unit = Objects.requireNonNull(unit, "unit");
  }

  /** The host the unit is on. */
  public String host() {
    return host;
  }

  /** The unit's name, e.g. {@code steward-main-node-web1.service}. */
  public String unit() {
    return unit;
  }
}
