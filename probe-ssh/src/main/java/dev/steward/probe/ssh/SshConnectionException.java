package dev.steward.probe.ssh;

import dev.steward.TransportException;
import java.util.Objects;

/**
 * A host could not be reached or logged into over SSH, or its session broke. Carries the host as
 * the caller named it and the {@link FailureReason}. Messages name the host and what to do next,
 * never a password or passphrase.
 */
public class SshConnectionException extends TransportException {
  private static final long serialVersionUID = 1L;

  private final FailureReason reason;

  public SshConnectionException(String host, FailureReason reason, String message, Throwable cause) {
    super(host, message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public FailureReason reason() {
    return reason;
  }
}
