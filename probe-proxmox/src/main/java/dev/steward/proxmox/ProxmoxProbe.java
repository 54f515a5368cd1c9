package dev.steward.proxmox;

import dev.steward.Observation;
import dev.steward.Probe;
import dev.steward.proxmox.internal.DiscoveryProbe;
import java.util.List;

/**
 * The {@code proxmox} probe: observes the nodes of one Proxmox VE cluster, a host being a node's
 * name. One {@link ProxmoxDiscovery} serves every host asked for at once (the cluster views answer
 * for all nodes). An observation of a node holds the node ({@link ProxmoxResources#KIND_NODE}), the
 * guests on it, its storages (their volumes as parts), its tasks, and the probe's own resource
 * listing what was seen and why anything was not. A node that is down, or whose guests could not
 * be listed, is unreachable: its guests are unknown, never gone. Thread-safe.
 */
public interface ProxmoxProbe extends Probe {
  /** One observation per node of the cluster, in name order. */
  List<Observation> observeCluster();

  /** The discovery behind the probe, for typed results. */
  ProxmoxDiscovery discovery();

  /** A probe reading what {@code options} asks for through {@code client}, timed on the client's clock. */
  static ProxmoxProbe create(ProxmoxClient client, DiscoveryOptions options) {
    return new DiscoveryProbe(new ProxmoxDiscovery(client), options);
  }
}
