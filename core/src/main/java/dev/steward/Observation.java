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
 * @param metrics how loaded the host was, when the probe reads that; always empty when unreachable
 */
public record Observation(
    String host,
    Instant observedAt,
    Optional<String> unreachableReason,
    List<ObservedResource> resources,
    Optional<HostMetrics> metrics) {

  public Observation {
    Names.require(Names.HOST, host, "Host", "use a host name, an IP address or 'local'");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(unreachableReason, "unreachableReason");
    resources = List.copyOf(resources);
    Objects.requireNonNull(metrics, "metrics");
    if (unreachableReason.isPresent()) {
      if (metrics.isPresent()) {
        throw new IllegalArgumentException("An unreachable host " + host + " cannot have metrics");
      }
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

  /** An observation without metrics. */
  public Observation(String host, Instant observedAt, Optional<String> unreachableReason, List<ObservedResource> resources) {
    this(host, observedAt, unreachableReason, resources, Optional.empty());
  }

  public static Observation reached(String host, Instant observedAt, List<ObservedResource> resources) {
    return new Observation(host, observedAt, Optional.empty(), resources, Optional.empty());
  }

  public static Observation reached(String host, Instant observedAt, List<ObservedResource> resources, HostMetrics metrics) {
    return new Observation(host, observedAt, Optional.empty(), resources, Optional.of(metrics));
  }

  /** A host that could not be reached, or whose probe failed, with the reason in words for a person. */
  public static Observation unreachable(String host, Instant observedAt, String reason) {
    return new Observation(host, observedAt, Optional.of(reason), List.of(), Optional.empty());
  }

  /** The observed resource with {@code key}, if it was seen. */
  public Optional<ObservedResource> find(ResourceKey key) {
    for (ObservedResource resource : resources) {
      if (resource.key().equals(key)) {
        return Optional.of(resource);
      }
    }
    return Optional.empty();
  }

  public boolean isReachable() {
    return unreachableReason.isEmpty();
  }
}
