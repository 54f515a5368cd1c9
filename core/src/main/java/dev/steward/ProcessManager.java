package dev.steward;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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

  /**
   * Every process this manager knows of on {@code host}, running or not. By default {@link #list()}
   * kept to that host; a manager that reaches hosts through a transport asks the host itself, in one
   * batch.
   *
   * @throws TransportException when the host cannot be reached: what runs there is then unknown, not
   *     absent
   */
  default List<ProcessStatus> list(String host) {
    return list().stream().filter(status -> status.key().host().equals(host)).toList();
  }

  /**
   * Stops the process of {@code key} like {@link #stop} and removes what the manager keeps for it
   * (a unit file, a container), for a node that goes for good. Removing an absent one is a no-op.
   * By default the same as {@link #stop}.
   */
  default ProcessStatus remove(ResourceKey key, Duration grace) {
    return stop(key, grace);
  }

  /**
   * Replaces the process of {@code spec}'s key with one made from {@code spec}, for an upgrade. By
   * default {@link #stop} with {@code grace}, then {@link #start}. A manager that can make the new
   * process before it stops the old one (a container made from a new image) does so, and keeps the
   * old one when the new one does not come up.
   *
   * @throws ProcessStartException when the new process does not come up
   */
  default ProcessStatus replace(Spec spec, Duration grace) {
    stop(spec.key(), grace);
    return start(spec);
  }

  /**
   * What this manager drives on {@code host}, by component, in the order the manager names them:
   * e.g. the docker command and the Docker engine for a manager of containers, systemd for one of
   * units. For people and doctor-style checks, not for decisions. Empty by default, for a manager
   * that drives nothing with a version of its own. The map is unmodifiable.
   *
   * @throws TransportException when the host cannot be reached
   * @throws StewardException when the tool the manager drives is not on the host, or does not answer
   */
  default Map<String, String> versions(String host) {
    return Map.of();
  }

  @Override
  default void close() {}
}
