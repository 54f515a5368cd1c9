package dev.steward.probe.ssh;

import dev.steward.Settings;
import dev.steward.Transport;
import dev.steward.probe.ssh.internal.SshTransportProvider;
import dev.steward.spi.ProviderContext;

/**
 * The {@code ssh} transport: runs commands on hosts named {@code host}, {@code user@host},
 * {@code host:port}, {@code [v6addr]:port} or by a Host alias of the ssh config. It keeps one
 * session per host and runs many commands on it at once (up to {@link SshSettings#MAX_CHANNELS}),
 * closes a session after {@link SshSettings#IDLE_CLOSE}, and reopens a broken one once. Its
 * {@link #connect} opens a TCP connection to a port on the host's loopback as a direct-tcpip
 * channel of the same session ({@code ssh -L}), so the server must allow TCP forwarding.
 *
 * <p>Failures to reach or log into a host are {@link SshConnectionException}s with a
 * {@link FailureReason}. Thread-safe.
 */
public interface SshTransport extends Transport {
  /**
   * Opens the transport from {@code settings} ({@link SshSettings} and core's command timeout and
   * output limit). Connects nowhere yet.
   *
   * @throws dev.steward.InvalidSettingsException listing every bad setting
   */
  static SshTransport open(Settings settings) {
    return (SshTransport) new SshTransportProvider().create(ProviderContext.of(settings, () -> {
      throw new IllegalStateException("the ssh transport needs no other transport");
    }));
  }

  /** How many sessions are open now, one per host at most. */
  int openSessions();

  /** Closes every pooled session that runs no command; the next command opens a new one. */
  void closeIdleSessions();
}
