package dev.steward.proxmox;

import java.util.List;

/**
 * {@code GET /cluster/resources}: the cluster's own view of every node, guest and storage,
 * answered by the node called from state each node refreshes every 10 s, so it answers with nodes
 * down (their guests {@link GuestState#UNKNOWN}) and may lag by that much. Items of other types
 * ({@code sdn}, {@code pool}, 9.x's {@code network}, future ones) are left out. Immutable.
 */
public record ClusterResources(List<ClusterNode> nodes, List<Guest> guests, List<StoragePool> storages) {
  public ClusterResources {
    nodes = List.copyOf(nodes);
    guests = List.copyOf(guests);
    storages = List.copyOf(storages);
  }
}
