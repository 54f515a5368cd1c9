package dev.steward.proxmox.simulator.internal.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The size and seed of the cluster to generate: nodes, guests of each type, storages, tasks per
 * node (of which the newest {@code runningTasksPerNode} still run), lines of a finished task's
 * log, the cluster's name (empty for a standalone host), and how often cluster-wide views are
 * refreshed from the nodes (zero: at once). Immutable.
 */
public record ClusterShape(int nodes, int qemuGuests, int lxcGuests, int storages, int tasksPerNode,
    int runningTasksPerNode, int logLines, long seed, Optional<String> clusterName, Duration clusterRefresh) {
  public ClusterShape {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(clusterRefresh, "clusterRefresh");
  }

  public int guests() {
    return qemuGuests + lxcGuests;
  }

  public static String nodeName(int index) {
    return "pve" + (index + 1);
  }
}
