package dev.steward.proxmox;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /cluster/status}: the cluster's name and quorum and its members. A standalone host
 * has no cluster item, so {@link #name()} and {@link #quorate()} are empty. Immutable.
 */
public record ClusterStatus(Optional<String> name, Optional<Boolean> quorate, List<ClusterMember> members) {
  public ClusterStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(quorate, "quorate");
    members = List.copyOf(members);
  }

  public Optional<ClusterMember> member(String node) {
    return members.stream().filter(m -> m.name().equals(node)).findFirst();
  }
}
