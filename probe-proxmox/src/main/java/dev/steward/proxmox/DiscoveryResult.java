package dev.steward.proxmox;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link ProxmoxDiscovery#discover} read, and what it could not. Before reading any
 * absence as "gone", ask {@link #coverage(ResourceType)}: a node that is down, or a read that
 * failed, leaves its items unknown. Lists are sorted (nodes by name, guests by vmid, tasks newest
 * first). Immutable.
 *
 * @param server the API it read, {@code https://host:8006}
 * @param startedAt when it started, on the client's clock
 * @param finishedAt when it finished
 * @param version the entry node's release
 * @param clusterName the cluster's name; empty for a standalone host or without {@code Sys.Audit}
 * @param quorate whether the cluster had quorum
 * @param nodes every node of the cluster (or of those asked for)
 * @param guests every VM and container; those of nodes not seen are {@link GuestState#UNKNOWN}
 * @param storages every storage of every node
 * @param volumes the content of the storages read
 * @param tasks each node's tasks read, newest first
 * @param taskLogs the logs read (of recently failed tasks)
 * @param coverage per type asked for, what was seen
 * @param failures every read that failed, with why
 * @param requests the requests this discovery sent
 */
public record DiscoveryResult(String server, Instant startedAt, Instant finishedAt, Optional<PveVersion> version,
    Optional<String> clusterName, Optional<Boolean> quorate, List<ClusterNode> nodes, List<Guest> guests,
    List<StoragePool> storages, List<StorageVolume> volumes, List<Task> tasks, List<TaskLog> taskLogs,
    Map<ResourceType, Coverage> coverage, List<DiscoveryFailure> failures, ClientStats requests) {
  public DiscoveryResult {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(quorate, "quorate");
    nodes = List.copyOf(nodes);
    guests = List.copyOf(guests);
    storages = List.copyOf(storages);
    volumes = List.copyOf(volumes);
    tasks = List.copyOf(tasks);
    taskLogs = List.copyOf(taskLogs);
    coverage = coverage.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(coverage));
    failures = List.copyOf(failures);
    Objects.requireNonNull(requests, "requests");
  }

  /** What was seen of {@code type}; {@link Coverage#notRead} when it was not asked for. */
  public Coverage coverage(ResourceType type) {
    return coverage.getOrDefault(type, Coverage.notRead(type));
  }

  /** Whether {@code node}'s items of {@code type} were read live. */
  public boolean isSeen(ResourceType type, String node) {
    return coverage(type).isSeen(node);
  }

  /** The failures of {@code type}. */
  public List<DiscoveryFailure> failures(ResourceType type) {
    return failures.stream().filter(f -> f.type() == type).toList();
  }

  public Optional<ClusterNode> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  public Optional<Guest> guest(int vmid) {
    return guests.stream().filter(g -> g.vmid() == vmid).findFirst();
  }

  public List<Guest> guestsOn(String node) {
    return guests.stream().filter(g -> g.node().equals(node)).toList();
  }

  public List<Task> tasksOf(String node) {
    return tasks.stream().filter(t -> t.node().equals(node)).toList();
  }

  /** Whether every type asked for was read completely: nothing failed, no node was down. */
  public boolean isComplete() {
    return failures.isEmpty() && coverage.values().stream().allMatch(c -> c.complete() && c.nodesNotSeen().isEmpty());
  }
}
