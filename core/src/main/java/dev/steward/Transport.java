package dev.steward;

/**
 * Runs commands on hosts: the local machine, or remote ones over SSH. Plugins that act on a host
 * (systemd, ufw) go through whatever transport they are given, so the same code works locally and
 * remotely.
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

  /** Releases connections and threads. Commands still running may fail. */
  @Override
  default void close() {}
}
