package dev.steward.proxmox.internal;

import dev.steward.proxmox.ClusterResources;
import dev.steward.proxmox.Coverage;
import dev.steward.proxmox.DiscoveryFailure;
import dev.steward.proxmox.Guest;
import dev.steward.proxmox.GuestConfig;
import dev.steward.proxmox.GuestState;
import dev.steward.proxmox.ResourceType;
import dev.steward.proxmox.StoragePool;
import dev.steward.proxmox.StorageState;
import dev.steward.proxmox.StorageVolume;
import dev.steward.proxmox.Task;
import dev.steward.proxmox.TaskLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Puts a discovery's reads together, and says per type what was seen.
 * <ul>
 *   <li>Guests: the cluster view lists every guest, even of nodes that are down; a node's live
 *       lists, where they were read, replace its part of it: a guest the view still puts on a node
 *       whose lists do not have it (and no other node's do) was deleted or moved since the view's
 *       last refresh (up to 10 s), and is left out. A guest of a node whose lists were not read
 *       is {@link GuestState#UNKNOWN}.
 *   <li>Storages: the same, per node; a storage of a node not read is {@link StorageState#UNKNOWN}.
 * </ul>
 * Used by one thread.
 */
final class Inventory {
  private static final Comparator<StoragePool> BY_NODE = Comparator.comparing(StoragePool::node).thenComparing(StoragePool::storage);

  private final NodeModel nodes;
  private final TreeMap<Integer, Guest> guests = new TreeMap<>();
  private final Set<String> guestsSeen = new TreeSet<>();
  private boolean clusterViewRead;
  private final List<StoragePool> storages = new ArrayList<>();
  private final Set<String> storagesSeen = new TreeSet<>();
  private final List<StorageVolume> volumes = new ArrayList<>();
  private final Set<String> contentSeen = new TreeSet<>();
  private final Map<String, List<Task>> tasks = new TreeMap<>();
  private final Set<String> tasksSeen = new TreeSet<>();
  private final List<TaskLog> logs = new ArrayList<>();
  private final Set<String> logsSeen = new TreeSet<>();
  private final Set<String> configsSeen = new TreeSet<>();

  Inventory(NodeModel nodes) {
    this.nodes = nodes;
  }

  void guests(Optional<ClusterResources> view, Map<String, List<Guest>> live) {
    clusterViewRead = view.isPresent();
    guestsSeen.addAll(live.keySet());
    Map<Integer, Guest> merged = new TreeMap<>();
    view.ifPresent(v -> v.guests().forEach(g -> merged.put(g.vmid(), g)));
    Set<Integer> listed = new HashSet<>();
    live.values().forEach(list -> list.forEach(g -> {
      merged.put(g.vmid(), g);
      listed.add(g.vmid());
    }));
    for (Guest guest : merged.values()) {
      if (!nodes.targets().contains(guest.node())) {
        continue;
      }
      if (guestsSeen.contains(guest.node())) {
        if (listed.contains(guest.vmid())) {
          guests.put(guest.vmid(), guest);
        }
      } else {
        guests.put(guest.vmid(), guest.state() == GuestState.UNKNOWN ? guest : guest.asUnknown());
      }
    }
  }

  /** The guests of nodes whose lists were read: those whose configs can be read. */
  List<Guest> guestsSeen() {
    return guests.values().stream().filter(g -> guestsSeen.contains(g.node())).toList();
  }

  Set<String> guestIds() {
    Set<String> ids = new HashSet<>();
    guests.values().forEach(g -> ids.add(g.id()));
    return ids;
  }

  void configs(Map<String, GuestConfig> read) {
    Set<String> missing = new HashSet<>();
    for (Map.Entry<Integer, Guest> entry : guests.entrySet()) {
      GuestConfig config = read.get(entry.getValue().id());
      if (config != null) {
        entry.setValue(entry.getValue().withConfig(config));
      } else {
        missing.add(entry.getValue().node());
      }
    }
    for (String node : guestsSeen) {
      if (!missing.contains(node)) {
        configsSeen.add(node);
      }
    }
  }

  void storages(Optional<ClusterResources> view, Map<String, List<StoragePool>> live) {
    storagesSeen.addAll(live.keySet());
    live.values().forEach(storages::addAll);
    view.ifPresent(v -> v.storages().stream()
        .filter(s -> nodes.targets().contains(s.node()) && !storagesSeen.contains(s.node()))
        .forEach(s -> storages.add(new StoragePool(s.storage(), s.node(), s.type(), s.content(), s.shared(), StorageState.UNKNOWN,
            s.total(), s.used(), s.available()))));
    storages.sort(BY_NODE);
  }

  /** The storages whose content to read: each available one of each node read, a shared one once (through the first node). */
  List<StoragePool> storagesToList() {
    List<StoragePool> list = new ArrayList<>();
    Set<String> shared = new HashSet<>();
    for (StoragePool pool : storages) {
      if (storagesSeen.contains(pool.node()) && pool.state() == StorageState.AVAILABLE && (!pool.shared() || shared.add(pool.storage()))) {
        list.add(pool);
      }
    }
    return list;
  }

  void content(Map<StoragePool, List<StorageVolume>> read) {
    Set<String> sharedRead = new HashSet<>();
    Set<String> failedNodes = new HashSet<>();
    for (StoragePool pool : storagesToList()) {
      List<StorageVolume> found = read.get(pool);
      if (found == null) {
        failedNodes.add(pool.node());
      } else {
        volumes.addAll(found);
        if (pool.shared()) {
          sharedRead.add(pool.storage());
        }
      }
    }
    for (StoragePool pool : storages) {
      if (pool.shared() && pool.state() == StorageState.AVAILABLE && !sharedRead.contains(pool.storage())) {
        failedNodes.add(pool.node());
      }
    }
    for (String node : storagesSeen) {
      if (!failedNodes.contains(node)) {
        contentSeen.add(node);
      }
    }
    volumes.sort(Comparator.comparing(StorageVolume::storage).thenComparing(StorageVolume::volid).thenComparing(StorageVolume::node));
  }

  void tasks(Map<String, List<Task>> read, Set<String> complete) {
    tasks.putAll(read);
    tasksSeen.addAll(complete);
  }

  Map<String, List<Task>> tasksByNode() {
    return tasks;
  }

  boolean tasksSeen(String node) {
    return tasksSeen.contains(node);
  }

  void logs(List<TaskLog> read, Set<String> complete) {
    logs.addAll(read);
    logs.sort(Comparator.comparing((TaskLog l) -> l.upid().startTime()).reversed().thenComparing(l -> l.upid().text()));
    logsSeen.addAll(complete);
  }

  List<Guest> guests() {
    return List.copyOf(guests.values());
  }

  List<StoragePool> storages() {
    return storages;
  }

  List<StorageVolume> volumes() {
    return volumes;
  }

  List<Task> tasks() {
    List<Task> all = new ArrayList<>();
    tasks.values().forEach(all::addAll);
    all.sort(Comparator.comparing(Task::startTime).reversed().thenComparing(t -> t.upid().text()));
    return all;
  }

  List<TaskLog> logs() {
    return logs;
  }

  /** What was seen of {@code type}: see {@link Coverage}. */
  Coverage coverage(ResourceType type, Set<String> statusesRead, List<DiscoveryFailure> failures) {
    Set<String> seen = switch (type) {
      case NODES -> statusesRead;
      case GUESTS -> guestsSeen;
      case GUEST_CONFIGS -> configsSeen;
      case STORAGE -> storagesSeen;
      case STORAGE_CONTENT -> contentSeen;
      case TASKS -> tasksSeen;
      case TASK_LOGS -> logsSeen;
    };
    boolean everyNode = seen.containsAll(nodes.targets());
    boolean complete = nodes.coversCluster() && switch (type) {
      case NODES -> true;
      case GUESTS -> clusterViewRead || everyNode;
      case GUEST_CONFIGS -> (clusterViewRead || guestsSeen.containsAll(nodes.targets()))
          && guests.values().stream().allMatch(g -> g.config().isPresent());
      case STORAGE -> clusterViewRead || everyNode;
      default -> everyNode;
    };
    Map<String, String> notSeen = new TreeMap<>();
    for (String node : nodes.targets()) {
      if (!seen.contains(node)) {
        notSeen.put(node, reason(type, node, failures));
      }
    }
    return new Coverage(type, complete, seen, notSeen);
  }

  private String reason(ResourceType type, String node, List<DiscoveryFailure> failures) {
    if (!nodes.isOnline(node)) {
      return nodes.notAskedReason(node);
    }
    Map<ResourceType, String> byType = new HashMap<>();
    for (DiscoveryFailure failure : failures) {
      if (failure.node().equals(Optional.of(node))) {
        byType.putIfAbsent(failure.type(), failure.reason());
      }
    }
    for (ResourceType needed : type.withPrerequisites()) {
      if (byType.containsKey(needed)) {
        return byType.get(needed);
      }
    }
    return "not read";
  }
}
