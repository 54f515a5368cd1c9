package dev.steward.proxmox;

import java.util.Objects;
import java.util.Optional;

/**
 * A node as {@code GET /cluster/status} lists it: corosync's view, which knows at once when a node
 * leaves. Immutable.
 *
 * @param name the node's name
 * @param nodeId its corosync id (0 on a standalone host)
 * @param ip its cluster address, when listed
 * @param online whether it is in the quorum's membership now
 * @param local whether it is the node that answered
 */
public record ClusterMember(String name, int nodeId, Optional<String> ip, boolean online, boolean local) {
  public ClusterMember {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ip, "ip");
  }
}
