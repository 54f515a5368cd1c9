package dev.steward;

/**
 * Finds out what is really on a host. A host that cannot be reached yields an {@link
 * Observation#unreachable unreachable} observation with the reason, never an empty one and never
 * an exception, so one bad host cannot stop the survey of the others.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Probe {
  Observation observe(String host);
}
