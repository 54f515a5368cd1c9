package dev.steward.proxmox;

import java.util.Objects;
import java.util.Optional;

/**
 * A node of the cluster. {@link ProxmoxClient#nodes()} fills what {@code /nodes} says;
 * {@link ProxmoxDiscovery} adds the cluster address from {@code /cluster/status} and the node's own
 * {@link NodeStatus} when it was online. Immutable.
 *
 * @param name the node's name
 * @param state whether it is up
 * @param ip its cluster address, when known
 * @param sslFingerprint the fingerprint of the certificate it serves: pin this to reach it directly
 * @param usage its load, only while it is online
 * @param status what the node said about itself, when it was asked
 */
public record ClusterNode(String name, NodeState state, Optional<String> ip, Optional<Fingerprint> sslFingerprint,
    Optional<NodeUsage> usage, Optional<NodeStatus> status) {
  public ClusterNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(sslFingerprint, "sslFingerprint");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(status, "status");
  }

  public boolean isOnline() {
    return state == NodeState.ONLINE;
  }
}
