package dev.steward;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a probe saw on one host at one time. A host that could not be reached is <em>unknown</em>:
 * its observation has no resources and a reason, and it must never be read as "everything is
 * gone" ({@link #isReachable()} tells the two apart).
 *
 * @param host the host that was observed
 * @param observedAt when
 * @param unreachableReason why the host could not be observed; empty when it was reached
 * @param resources what was found, empty when the host was unreachable
 */
public record Observation(
    String host, Instant observedAt, Optional<String> unreachableReason, List<ObservedResource> resources) {

  public Observation {
    Names.require(Names.HOST, host, "Host", "use a host name, an IP address or 'local'");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(unreachableReason, "unreachableReason");
    resources = List.copyOf(resources);
    if (unreachableReason.isPresent()) {
      Names.notBlank(unreachableReason.get(), "Unreachable reason");
      if (!resources.isEmpty()) {
        throw new IllegalArgumentException("An unreachable host " + host + " cannot have observed resources");
      }
    }
    for (ObservedResource resource : resources) {
      if (!resource.key().host().equals(host)) {
        throw new IllegalArgumentException(
            "Observation of " + host + " contains " + resource.key() + ", which is on another host");
      }
    }
  }

  public static Observation reached(String host, Instant observedAt, List<ObservedResource> resources) {
    return new Observation(host, observedAt, Optional.empty(), resources);
  }

  public static Observation unreachable(String host, Instant observedAt, String reason) {
    return new Observation(host, observedAt, Optional.of(reason), List.of());
  }

  public boolean isReachable() {
    return unreachableReason.isEmpty();
  }
}
