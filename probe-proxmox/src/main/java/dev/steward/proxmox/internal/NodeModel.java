package dev.steward.proxmox.internal;

import dev.steward.proxmox.ClusterNode;
import dev.steward.proxmox.ClusterResources;
import dev.steward.proxmox.ClusterStatus;
import dev.steward.proxmox.DiscoveryOptions;
import dev.steward.proxmox.Fingerprint;
import dev.steward.proxmox.NodeState;
import dev.steward.proxmox.NodeStatus;
import dev.steward.proxmox.NodeUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster's nodes as the three cluster-wide views tell them: {@code /cluster/status} (corosync's
 * membership, live: it decides who is online), {@code /nodes} (fingerprints, load) and
 * {@code /cluster/resources} (load, when the others are missing). A node any of them names is a
 * node. Immutable once made.
 */
final class NodeModel {
  private record Facts(NodeState state, String stateSource, Optional<String> ip, Optional<Fingerprint> fingerprint,
      Optional<NodeUsage> usage) {}

  private final Map<String, Facts> facts = new TreeMap<>();
  private final Set<String> targets = new TreeSet<>();
  private final Set<String> unknownAsked = new TreeSet<>();

  NodeModel(Optional<ClusterStatus> status, Optional<ClusterResources> resources, Optional<List<ClusterNode>> nodes,
      DiscoveryOptions options) {
    resources.ifPresent(r -> r.nodes().forEach(n -> facts.put(n.name(),
        new Facts(n.state(), "the cluster view", Optional.empty(), Optional.empty(), n.usage()))));
    nodes.ifPresent(list -> list.forEach(n -> {
      Facts known = facts.get(n.name());
      facts.put(n.name(), new Facts(n.state(), "/nodes", Optional.empty(), n.sslFingerprint(),
          n.usage().or(() -> known == null ? Optional.empty() : known.usage())));
    }));
    status.ifPresent(s -> s.members().forEach(m -> {
      Facts known = facts.get(m.name());
      facts.put(m.name(), new Facts(m.online() ? NodeState.ONLINE : NodeState.OFFLINE, "the cluster status", m.ip(),
          known == null ? Optional.empty() : known.fingerprint(), known == null ? Optional.empty() : known.usage()));
    }));
    for (String node : facts.keySet()) {
      if (options.includes(node)) {
        targets.add(node);
      }
    }
    for (String asked : options.nodes()) {
      if (!facts.containsKey(asked)) {
        unknownAsked.add(asked);
      }
    }
  }

  /** Every node of the cluster. */
  Set<String> all() {
    return facts.keySet();
  }

  /** The nodes asked for (all, unless a discovery names some). */
  Set<String> targets() {
    return targets;
  }

  /** Whether the nodes asked for are all of them. */
  boolean coversCluster() {
    return targets.equals(facts.keySet());
  }

  /** The nodes asked for that are online: the ones to ask themselves. */
  List<String> online() {
    List<String> online = new ArrayList<>();
    for (String node : targets) {
      if (facts.get(node).state() == NodeState.ONLINE) {
        online.add(node);
      }
    }
    return online;
  }

  boolean isOnline(String node) {
    Facts known = facts.get(node);
    return known != null && known.state() == NodeState.ONLINE;
  }

  /** Why {@code node} was not asked: it is offline, or its state is unknown, and who says so. */
  String notAskedReason(String node) {
    Facts known = facts.get(node);
    return node + " is " + known.state().name().toLowerCase(Locale.ROOT) + " (" + known.stateSource()
        + "), so it was not asked; what is on it is unknown, not gone";
  }

  /** Nodes a discovery named that the cluster does not have. */
  Set<String> unknownAsked() {
    return unknownAsked;
  }

  /** The nodes asked for, each with its own status when it was read. */
  List<ClusterNode> result(Map<String, NodeStatus> statuses) {
    List<ClusterNode> nodes = new ArrayList<>();
    for (String node : targets) {
      Facts known = facts.get(node);
      nodes.add(new ClusterNode(node, known.state(), known.ip(), known.fingerprint(),
          known.state() == NodeState.ONLINE ? known.usage() : Optional.empty(), Optional.ofNullable(statuses.get(node))));
    }
    return nodes;
  }
}
