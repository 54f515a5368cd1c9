package dev.steward;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Finds out what is really on a host. A host that cannot be reached yields an {@link
 * Observation#unreachable unreachable} observation with the reason, never an empty one and never
 * an exception, so one bad host cannot stop the survey of the others.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Probe {
  Observation observe(String host);

  /**
   * Observes every host of {@code hosts}, a host given twice once. This default observes them one
   * after another; a probe that reaches hosts over the network observes several at once.
   *
   * @return one observation per distinct host, in the order given
   */
  default List<Observation> observeAll(Collection<String> hosts) {
    List<Observation> observations = new ArrayList<>();
    for (String host : new LinkedHashSet<>(hosts)) {
      observations.add(observe(host));
    }
    return observations;
  }
}
