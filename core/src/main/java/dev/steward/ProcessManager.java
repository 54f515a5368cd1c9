package dev.steward;

import java.time.Duration;
import java.util.List;

/**
 * Starts, stops and reports on the processes behind resources: local processes, systemd units or
 * Docker containers. Processes outlive the manager; a new manager adopts the ones already running.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ProcessManager extends AutoCloseable {
  /** Starts the process for {@code spec}; starting one that already runs returns its status. */
  ProcessStatus start(Spec spec);

  /** Asks the process to stop, and kills it after {@code grace}. Stopping an absent one is a no-op. */
  ProcessStatus stop(ResourceKey key, Duration grace);

  ProcessStatus status(ResourceKey key);

  /** Every process this manager knows of, running or not. */
  List<ProcessStatus> list();

  @Override
  default void close() {}
}
