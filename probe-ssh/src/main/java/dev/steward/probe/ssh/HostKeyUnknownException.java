package dev.steward.probe.ssh;

import java.nio.file.Path;

/**
 * known_hosts does not list the key the host showed, and the policy is strict. The message shows
 * the key's SHA256 fingerprint and how to accept it.
 */
public class HostKeyUnknownException extends SshConnectionException {
  private static final long serialVersionUID = 1L;

  private final String keyType;
  private final String fingerprint;
  private final transient Path knownHosts;

  public HostKeyUnknownException(String host, String keyType, String fingerprint, Path knownHosts, String message) {
    super(host, FailureReason.HOST_KEY_UNKNOWN, message, null);
    this.keyType = keyType;
    this.fingerprint = fingerprint;
    this.knownHosts = knownHosts;
  }

  /** The key's type, e.g. {@code ssh-ed25519}. */
  public String keyType() {
    return keyType;
  }

  /** The key's fingerprint, {@code SHA256:...}. */
  public String fingerprint() {
    return fingerprint;
  }

  public Path knownHosts() {
    return knownHosts;
  }
}
