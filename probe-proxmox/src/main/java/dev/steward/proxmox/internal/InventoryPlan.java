package dev.steward.proxmox.internal;

import dev.steward.InventoryLifecycle;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Sighting;
import dev.steward.proxmox.ClusterNode;
import dev.steward.proxmox.Coverage;
import dev.steward.proxmox.DiscoveryResult;
import dev.steward.proxmox.Guest;
import dev.steward.proxmox.GuestState;
import dev.steward.proxmox.NodeState;
import dev.steward.proxmox.ProxmoxResources;
import dev.steward.proxmox.ResourceType;
import dev.steward.proxmox.StoragePool;
import dev.steward.proxmox.StorageState;
import dev.steward.proxmox.StorageVolume;
import dev.steward.proxmox.Task;
import dev.steward.proxmox.TaskLog;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one discovery means for the inventory of a cluster: a {@link Sighting} per resource it
 * saw, could not see or saw gone, and the task records to forget. Every key's host is the cluster,
 * so a guest that moves to another node keeps its key and its change names the {@code node}.
 *
 * <ul>
 *   <li>Fields are what the discovery reads, without the figures that change every second
 *       (uptime, pid, used and available bytes) and the config digest (it changes with any other
 *       config field): an unchanged cluster gives no change.
 *   <li>An item missing from the result is gone only when its type's {@link Coverage#complete()}
 *       says so; otherwise it is unseen (UNKNOWN), never removed. A guest or storage of a node that
 *       is down is unseen, with the reason.
 *   <li>What could not be read this time (a node's status while it is down, a guest's config whose
 *       read failed) keeps its last values instead of showing as removed fields.
 *   <li>Tasks are a window onto each node's task list: one missing from it is not gone, it only
 *       left the window. A task record is forgotten once it started longer ago than the retention.
 * </ul>
 * Stateless.
 */
public final class InventoryPlan {
  /** The field that names the node a guest or storage is on. */
  public static final String NODE = "node";
  /** The field with the number of volumes a storage holds, when its content was read. */
  public static final String VOLUMES = "volumes";
  /** Figures that change all the time, and the config digest, which changes with any other config field. */
  private static final Set<String> VOLATILE = Set.of("uptime", "pid", "used", "avail", ProxmoxResources.ATTR_CONFIG_PREFIX + "digest");

  /**
   * @param sightings one per resource to write, in key order
   * @param forget task records to delete
   */
  public record Plan(List<Sighting> sightings, List<ResourceKey> forget) {
    public Plan {
      sightings = List.copyOf(sightings);
      forget = List.copyOf(forget);
    }
  }

  private InventoryPlan() {}

  /** The kinds the inventory keeps for {@code type}, when it reads it. */
  static List<String> kinds(ResourceType type) {
    return switch (type) {
      case NODES -> List.of(ProxmoxResources.KIND_NODE);
      case GUESTS -> List.of(ProxmoxResources.KIND_QEMU, ProxmoxResources.KIND_LXC);
      case STORAGE -> List.of(ProxmoxResources.KIND_STORAGE);
      case TASKS -> List.of(ProxmoxResources.KIND_TASK);
      default -> List.of();
    };
  }

  /**
   * @param result the discovery
   * @param cluster the host part of every key
   * @param stored the inventory's records of this cluster
   * @param now when the sync runs
   * @param taskRetention how long a task record is kept after it started
   * @param nodes the nodes the discovery was limited to; empty for all. A record of another node
   *     is left as it is.
   */
  public static Plan of(DiscoveryResult result, String cluster, List<ResourceRecord> stored, Instant now, Duration taskRetention,
      Set<String> nodes) {
    Map<ResourceKey, ResourceRecord> byKey = new HashMap<>();
    stored.forEach(r -> byKey.put(r.key(), r));
    Map<ResourceKey, Sighting> sightings = new TreeMap<>();
    List<ResourceKey> forget = new ArrayList<>();

    if (result.coverage().containsKey(ResourceType.NODES)) {
      for (ClusterNode node : result.nodes()) {
        ResourceKey key = ResourceKey.of(ProxmoxResources.KIND_NODE, node.name(), cluster);
        Map<String, String> fields = fields(Observations.node(node));
        if (node.state() != NodeState.ONLINE) {
          fields = keepOld(byKey.get(key), fields, name -> true); // what only a live node tells stays as it was
        }
        sightings.put(key, Sighting.present(key, fields));
      }
    }
    if (result.coverage().containsKey(ResourceType.GUESTS)) {
      Coverage guests = result.coverage(ResourceType.GUESTS);
      for (Guest guest : result.guests()) {
        ResourceKey key = ResourceKey.of(ProxmoxResources.key(guest).kind(), Integer.toString(guest.vmid()), cluster);
        if (guest.state() == GuestState.UNKNOWN) {
          sightings.put(key, Sighting.unseen(key, "not seen: " + guests.nodesNotSeen().getOrDefault(guest.node(),
              "node " + guest.node() + " could not be read")));
          continue;
        }
        Map<String, String> fields = fields(Observations.guest(guest));
        fields.put(NODE, guest.node());
        if (guest.config().isEmpty()) {
          fields = keepOld(byKey.get(key), fields, name -> name.startsWith(ProxmoxResources.ATTR_CONFIG_PREFIX));
        }
        sightings.put(key, Sighting.present(key, fields));
      }
    }
    if (result.coverage().containsKey(ResourceType.STORAGE)) {
      Coverage storages = result.coverage(ResourceType.STORAGE);
      Map<String, Integer> volumes = new HashMap<>();
      Set<String> contentRead = new java.util.HashSet<>();
      for (StorageVolume volume : result.volumes()) {
        volumes.merge(volume.node() + ":" + volume.storage(), 1, Integer::sum);
      }
      boolean readContent = result.coverage().containsKey(ResourceType.STORAGE_CONTENT);
      if (readContent) {
        Coverage content = result.coverage(ResourceType.STORAGE_CONTENT);
        result.storages().forEach(p -> {
          if (content.complete() || content.isSeen(p.node())) {
            contentRead.add(p.node() + ":" + p.storage());
          }
        });
      }
      for (StoragePool pool : result.storages()) {
        String name = pool.node() + ":" + pool.storage();
        ResourceKey key = ResourceKey.of(ProxmoxResources.KIND_STORAGE, name, cluster);
        if (pool.state() == StorageState.UNKNOWN) {
          sightings.put(key, Sighting.unseen(key, "not seen: " + storages.nodesNotSeen().getOrDefault(pool.node(),
              "node " + pool.node() + " could not be read")));
          continue;
        }
        Map<String, String> fields = fields(Observations.storage(pool));
        fields.put(NODE, pool.node());
        if (contentRead.contains(name) && !pool.shared()) {
          fields.put(VOLUMES, Integer.toString(volumes.getOrDefault(name, 0)));
        } else if (contentRead.contains(name)) {
          long shared = result.volumes().stream().filter(v -> v.storage().equals(pool.storage())).map(StorageVolume::volid).distinct().count();
          fields.put(VOLUMES, Long.toString(shared));
        } else {
          fields = keepOld(byKey.get(key), fields, VOLUMES::equals);
        }
        sightings.put(key, Sighting.present(key, fields));
      }
    }
    if (result.coverage().containsKey(ResourceType.TASKS)) {
      Map<String, TaskLog> logs = new HashMap<>();
      result.taskLogs().forEach(log -> logs.put(log.upid().text(), log));
      for (Task task : result.tasks()) {
        ResourceKey key = ResourceKey.of(ProxmoxResources.KIND_TASK, task.upid().shortName(), cluster);
        Map<String, String> fields = Observations.task(task, logs.get(task.upid().text()));
        fields.put(NODE, task.node());
        fields = keepOld(byKey.get(key), fields, ProxmoxResources.ATTR_LOG::equals); // a log read once stays
        sightings.put(key, Sighting.present(key, fields));
      }
    }

    // What the inventory holds and this discovery did not mention.
    for (ResourceRecord record : stored) {
      ResourceKey key = record.key();
      if (sightings.containsKey(key)) {
        continue;
      }
      Optional<ResourceType> type = typeOf(key.kind());
      if (type.isEmpty() || !result.coverage().containsKey(type.get())) {
        continue; // not read this time: left as it is
      }
      String on = record.attributes().getOrDefault(NODE, key.kind().equals(ProxmoxResources.KIND_NODE) ? key.name() : "");
      if (!nodes.isEmpty() && !nodes.contains(on)) {
        continue; // a node this discovery was not asked about
      }
      if (type.get() == ResourceType.TASKS) {
        if (startedBefore(record, now.minus(taskRetention))) {
          forget.add(key);
        }
        continue;
      }
      Coverage coverage = result.coverage(type.get());
      if (coverage.complete()) {
        sightings.put(key, Sighting.gone(key, "not in the cluster any more"));
      } else {
        sightings.put(key, Sighting.unseen(key, "not seen: " + coverage.nodesNotSeen().getOrDefault(on,
            "the " + type.get().word() + " of the cluster could not all be read")));
      }
    }
    return new Plan(new ArrayList<>(sightings.values()), forget);
  }

  /** The earliest start to ask tasks from so that tasks still running are followed to their end. */
  public static Optional<Instant> tasksSince(List<ResourceRecord> stored) {
    Instant newest = null;
    Instant oldestRunning = null;
    for (ResourceRecord record : stored) {
      if (!record.key().kind().equals(ProxmoxResources.KIND_TASK) || record.state().equals(InventoryLifecycle.REMOVED)) {
        continue;
      }
      Optional<Instant> started = started(record);
      if (started.isEmpty()) {
        continue;
      }
      if (newest == null || started.get().isAfter(newest)) {
        newest = started.get();
      }
      if (record.attributes().getOrDefault(ProxmoxResources.ATTR_STATE, "").equals("running")
          && (oldestRunning == null || started.get().isBefore(oldestRunning))) {
        oldestRunning = started.get();
      }
    }
    return Optional.ofNullable(oldestRunning != null ? oldestRunning : newest);
  }

  private static Optional<ResourceType> typeOf(String kind) {
    for (ResourceType type : List.of(ResourceType.NODES, ResourceType.GUESTS, ResourceType.STORAGE, ResourceType.TASKS)) {
      if (kinds(type).contains(kind)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  private static boolean startedBefore(ResourceRecord record, Instant limit) {
    return started(record).map(s -> s.isBefore(limit)).orElse(false);
  }

  private static Optional<Instant> started(ResourceRecord record) {
    try {
      return record.attribute("started").map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code fields} without the figures that change all the time. */
  private static Map<String, String> fields(Map<String, String> all) {
    Map<String, String> kept = new LinkedHashMap<>(all);
    kept.keySet().removeAll(VOLATILE);
    return kept;
  }

  /** {@code fields} with the stored values of the fields {@code which} names that {@code fields} lacks. */
  private static Map<String, String> keepOld(ResourceRecord stored, Map<String, String> fields, java.util.function.Predicate<String> which) {
    if (stored == null) {
      return fields;
    }
    Map<String, String> merged = new LinkedHashMap<>(fields);
    stored.attributes().forEach((name, value) -> {
      if (which.test(name)) {
        merged.putIfAbsent(name, value);
      }
    });
    return merged;
  }
}
