package dev.steward.proxmox;

import java.time.Duration;

/** No answer (or no connection) within the configured timeout. Transient. */
public final class ProxmoxTimeoutException extends ProxmoxException {
  private static final long serialVersionUID = 1L;
  private final Duration timeout;

  public ProxmoxTimeoutException(String request, Duration timeout, String message, Throwable cause) {
    super(Kind.TIMEOUT, request, 0, message, cause);
    this.timeout = timeout;
  }

  /** The timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}
