package dev.steward.probe.ssh;

import java.util.Objects;

/**
 * Why a fan-out could not finish its commands on a host: the kind, and the message of the error,
 * which names the host and never a secret.
 */
public record HostFailure(FailureReason reason, String message) {
  public HostFailure {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
