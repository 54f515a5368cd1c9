package dev.steward.proxmox.simulator.internal.model;

import dev.steward.proxmox.simulator.NodeOutage;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster at one moment: nodes, guests by vmid, storages, which nodes are down and how, and a
 * revision that every change raises. Immutable:
 * a change makes a new state, so a request reads one consistent state without a lock, and a
 * lagging cluster-wide view can keep an older one.
 */
public record ClusterState(List<SimNode> nodes, NavigableMap<Integer, Guest> guests, List<StorageDef> storages,
    Map<String, NodeOutage> outages, int revision) {
  public ClusterState {
    nodes = List.copyOf(nodes);
    guests = Collections.unmodifiableNavigableMap(new TreeMap<>(guests));
    storages = List.copyOf(storages);
    outages = Map.copyOf(outages);
  }

  public Optional<SimNode> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  public boolean online(String node) {
    return !outages.containsKey(node);
  }

  public Optional<Guest> guest(int vmid) {
    return Optional.ofNullable(guests.get(vmid));
  }

  public List<Guest> guestsOn(String node) {
    return guests.values().stream().filter(g -> g.node().equals(node)).toList();
  }

  public Optional<StorageDef> storage(String id) {
    return storages.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  ClusterState withGuests(NavigableMap<Integer, Guest> changed) {
    return new ClusterState(nodes, changed, storages, outages, revision + 1);
  }

  ClusterState withOutages(Map<String, NodeOutage> changed) {
    return new ClusterState(nodes, guests, storages, changed, revision + 1);
  }
}
