package dev.steward.firewall.ufw;

import dev.steward.StewardException;
import java.util.Objects;

/**
 * ufw is installed but inactive on a host, so a port cannot be opened there. Steward never enables
 * ufw itself: enabling applies the default policy and can cut every connection to the host,
 * including the one Steward came in by.
 */
public final class UfwInactiveException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final String host;

  public UfwInactiveException(String host) {
    super("ufw is inactive on " + host + "; Steward never enables it: run 'ufw enable' yourself");
    this.host = Objects.requireNonNull(host, "host");
  }

  /** The host whose ufw is inactive. */
  public String host() {
    return host;
  }
}
