package dev.steward;

import java.time.Duration;

/**
 * Runs commands on hosts: the local machine, or remote ones over SSH. Plugins that act on a host
 * (systemd, ufw) go through whatever transport they are given, so the same code works locally and
 * remotely. A transport may also open TCP connections to ports on a host's loopback ({@link
 * #connect}), e.g. to read a node's metrics without any tool on the host.
 *
 * <p>Implementations must be thread-safe: many commands run at once, on one host or many.
 */
public interface Transport extends AutoCloseable {
  /**
   * Runs {@code command} on {@code host} and waits for it. The process is killed when the timeout
   * (the command's, else the transport's default) passes.
   *
   * @return the exit status and both outputs, each capped at the transport's output limit
   * @throws CommandTimeoutException when the command was killed at its timeout
   * @throws TransportException when the command could not be started or the host not reached
   */
  CommandResult run(String host, Command command);

  /**
   * Opens a TCP connection to {@code port} on the loopback of {@code host}: 127.0.0.1 as that host
   * sees it, so a port that listens only there can be reached. Over SSH the connection is a
   * direct-tcpip channel of the host's session (the server must allow TCP forwarding).
   *
   * <p>The default refuses: a transport that only runs commands cannot do this.
   *
   * @param timeout how long opening the connection may take, and how long each later read may
   *     wait for data
   * @return the open connection; the caller closes it
   * @throws ConnectionRefusedException when nothing listens on the port
   * @throws UnsupportedTransportOperationException when this transport cannot open TCP connections
   * @throws TransportException when the host could not be reached or the connection not opened in time
   * @throws IllegalArgumentException for a port outside 1..65535 or a timeout that is not positive
   */
  default TcpConnection connect(String host, int port, Duration timeout) {
    throw new UnsupportedTransportOperationException(host, getClass(), "open TCP connections");
  }

  /** Releases connections and threads. Commands still running may fail. */
  @Override
  default void close() {}
}
