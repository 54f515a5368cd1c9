package dev.steward.proxmox.internal;

import dev.steward.Observation;
import dev.steward.proxmox.DiscoveryOptions;
import dev.steward.proxmox.DiscoveryResult;
import dev.steward.proxmox.ProxmoxDiscovery;
import dev.steward.proxmox.ProxmoxException;
import dev.steward.proxmox.ProxmoxProbe;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code proxmox} probe: one discovery for all the hosts asked for, sliced into one
 * observation per node by {@link Observations}. A failure that ends the discovery (credentials,
 * certificate, no cluster view) makes every host asked for unreachable, with that reason.
 * Thread-safe.
 */
public final class DiscoveryProbe implements ProxmoxProbe {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryProbe.class);

  private final ProxmoxDiscovery discovery;
  private final DiscoveryOptions options;
  private final Clock clock;

  public DiscoveryProbe(ProxmoxDiscovery discovery, DiscoveryOptions options) {
    this.discovery = discovery;
    this.options = options;
    this.clock = discovery.client().config().clock();
  }

  @Override
  public Observation observe(String host) {
    return observeAll(List.of(host)).get(0);
  }

  @Override
  public List<Observation> observeAll(Collection<String> hosts) {
    Set<String> distinct = new LinkedHashSet<>(hosts);
    if (distinct.isEmpty()) {
      return List.of();
    }
    return observe(distinct, options.withNodes(distinct));
  }

  @Override
  public List<Observation> observeCluster() {
    return observe(Set.of(), options.withNodes(Set.of()));
  }

  @Override
  public ProxmoxDiscovery discovery() {
    return discovery;
  }

  private List<Observation> observe(Set<String> hosts, DiscoveryOptions asked) {
    Instant at = clock.instant();
    DiscoveryResult result;
    try {
      result = discovery.discover(asked);
    } catch (ProxmoxException e) {
      LOG.info("The Proxmox cluster at {} could not be read: {}", discovery.client().config().server(), e.getMessage());
      List<Observation> unreachable = new ArrayList<>();
      for (String host : hosts) {
        unreachable.add(Observation.unreachable(host, at, host + " is unknown: the Proxmox cluster at "
            + discovery.client().config().server() + " could not be read: " + e.getMessage()));
      }
      return unreachable;
    }
    List<Observation> observations = new ArrayList<>();
    Collection<String> nodes = hosts.isEmpty() ? result.nodes().stream().map(n -> n.name()).toList() : hosts;
    for (String host : nodes) {
      observations.add(Observations.of(result, host, at, asked.types()));
    }
    return observations;
  }
}
