package dev.steward.probe.ssh;

/** Why a host could not be used: the kinds of {@link SshConnectionException}, and what a fan-out reports per host. */
public enum FailureReason {
  /** Nothing listens on the host's SSH port. */
  REFUSED,
  /** The host name does not resolve, or no route leads to it. */
  UNREACHABLE,
  /** Connecting, the key exchange or authentication took longer than its timeout. */
  TIMEOUT,
  /** The server accepted none of the keys or passwords offered. */
  AUTH_FAILED,
  /** known_hosts does not list the host's key and the policy is strict. */
  HOST_KEY_UNKNOWN,
  /** The host's key differs from the one known_hosts lists for it. */
  HOST_KEY_CHANGED,
  /** The session broke while a command ran, or broke again right after it was reopened. */
  SESSION_BROKEN,
  /** A command ran longer than its timeout and was killed. */
  COMMAND_TIMEOUT,
  /** Anything else; the message says what. */
  OTHER
}
