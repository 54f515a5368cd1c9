package dev.steward.probe.ssh;

import java.nio.file.Path;

/**
 * The host showed a key other than the one known_hosts lists for it: it was reinstalled, or
 * someone is in between. Always refused, whatever the policy. The message shows both
 * fingerprints and the known_hosts line to check.
 */
public class HostKeyChangedException extends SshConnectionException {
  private static final long serialVersionUID = 1L;

  private final String expectedFingerprint;
  private final String actualFingerprint;
  private final transient Path knownHosts;
  private final int line;

  public HostKeyChangedException(String host, String expectedFingerprint, String actualFingerprint, Path knownHosts,
      int line, String message) {
    super(host, FailureReason.HOST_KEY_CHANGED, message, null);
    this.expectedFingerprint = expectedFingerprint;
    this.actualFingerprint = actualFingerprint;
    this.knownHosts = knownHosts;
    this.line = line;
  }

  /** The fingerprint known_hosts lists. */
  public String expectedFingerprint() {
    return expectedFingerprint;
  }

  /** The fingerprint the host showed. */
  public String actualFingerprint() {
    return actualFingerprint;
  }

  public Path knownHosts() {
    return knownHosts;
  }

  /** The 1-based line of known_hosts that lists the other key. */
  public int line() {
    return line;
  }
}
