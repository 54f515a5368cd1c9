package dev.steward.proxmox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@link ProxmoxDiscovery} reads and how much. Immutable; the {@code with...} methods copy.
 *
 * <p>The defaults keep a first read of a large cluster to a few requests per node plus one per
 * guest config: tasks come {@value #DEFAULT_TASK_PAGE_SIZE} per request (not one request per task),
 * and a task's log is read only when it failed within the last day, its last
 * {@value #DEFAULT_LOG_LINES} lines, for at most {@value #DEFAULT_LOGS_PER_NODE} tasks per node;
 * any other log is read on demand ({@link ProxmoxClient#taskLog}).
 *
 * @param types what to read; prerequisites are added (configs need guests, and so on)
 * @param nodes only these nodes; empty for all
 * @param taskPageSize tasks per request of a node's task list
 * @param tasksPerNode the most tasks read per node, newest first; 0 reads none
 * @param taskMaxAge only tasks started within this long; zero for no limit
 * @param tasksSince only tasks started at or after this, e.g. when the previous read started; PVE
 *     filters on the start time, so to follow a task still running to its end, pass its start
 * @param logFailedWithin read the logs of tasks that failed within this long; zero reads none
 * @param logsPerNode the most such logs per node, newest first
 * @param logLines the last lines read of each such log
 * @param configMaxAge how long a guest's config read before is reused while its list entry is
 *     unchanged; zero reads every config every time
 */
public record DiscoveryOptions(Set<ResourceType> types, Set<String> nodes, int taskPageSize, int tasksPerNode,
    Duration taskMaxAge, Optional<Instant> tasksSince, Duration logFailedWithin, int logsPerNode, int logLines,
    Duration configMaxAge) {
  public static final int DEFAULT_TASK_PAGE_SIZE = 1000;
  public static final int DEFAULT_TASKS_PER_NODE = 10_000;
  public static final Duration DEFAULT_LOG_FAILED_WITHIN = Duration.ofHours(24);
  public static final int DEFAULT_LOGS_PER_NODE = 10;
  public static final int DEFAULT_LOG_LINES = 500;

  public DiscoveryOptions {
    EnumSet<ResourceType> all = EnumSet.noneOf(ResourceType.class);
    Objects.requireNonNull(types, "types").forEach(type -> all.addAll(type.withPrerequisites()));
    if (all.isEmpty()) {
      throw new IllegalArgumentException("A discovery reads at least one type of resource");
    }
    types = Collections.unmodifiableSet(all);
    nodes = Collections.unmodifiableSet(new TreeSet<>(nodes));
    Objects.requireNonNull(taskMaxAge, "taskMaxAge");
    Objects.requireNonNull(tasksSince, "tasksSince");
    Objects.requireNonNull(logFailedWithin, "logFailedWithin");
    Objects.requireNonNull(configMaxAge, "configMaxAge");
    if (taskPageSize < 1 || tasksPerNode < 0 || logsPerNode < 0 || logLines < 1) {
      throw new IllegalArgumentException("A discovery needs taskPageSize >= 1, tasksPerNode >= 0, logsPerNode >= 0 and "
          + "logLines >= 1, not " + taskPageSize + ", " + tasksPerNode + ", " + logsPerNode + " and " + logLines);
    }
    if (taskMaxAge.isNegative() || logFailedWithin.isNegative() || configMaxAge.isNegative()) {
      throw new IllegalArgumentException("Ages are zero or more, not " + taskMaxAge + ", " + logFailedWithin + ", " + configMaxAge);
    }
  }

  /** Everything, every node, the default limits, every config read each time. */
  public static DiscoveryOptions defaults() {
    return new DiscoveryOptions(EnumSet.allOf(ResourceType.class), Set.of(), DEFAULT_TASK_PAGE_SIZE, DEFAULT_TASKS_PER_NODE,
        Duration.ZERO, Optional.empty(), DEFAULT_LOG_FAILED_WITHIN, DEFAULT_LOGS_PER_NODE, DEFAULT_LOG_LINES, Duration.ZERO);
  }

  public boolean reads(ResourceType type) {
    return types.contains(type);
  }

  /** Whether {@code node} is one to read. */
  public boolean includes(String node) {
    return nodes.isEmpty() || nodes.contains(node);
  }

  public DiscoveryOptions withTypes(Set<ResourceType> newTypes) {
    return new DiscoveryOptions(newTypes, nodes, taskPageSize, tasksPerNode, taskMaxAge, tasksSince, logFailedWithin, logsPerNode,
        logLines, configMaxAge);
  }

  public DiscoveryOptions withNodes(Set<String> newNodes) {
    return new DiscoveryOptions(types, newNodes, taskPageSize, tasksPerNode, taskMaxAge, tasksSince, logFailedWithin, logsPerNode,
        logLines, configMaxAge);
  }

  public DiscoveryOptions withTasks(int pageSize, int perNode, Duration maxAge) {
    return new DiscoveryOptions(types, nodes, pageSize, perNode, maxAge, tasksSince, logFailedWithin, logsPerNode, logLines,
        configMaxAge);
  }

  public DiscoveryOptions withTasksSince(Instant since) {
    return new DiscoveryOptions(types, nodes, taskPageSize, tasksPerNode, taskMaxAge, Optional.of(since), logFailedWithin,
        logsPerNode, logLines, configMaxAge);
  }

  public DiscoveryOptions withLogs(Duration failedWithin, int perNode, int lines) {
    return new DiscoveryOptions(types, nodes, taskPageSize, tasksPerNode, taskMaxAge, tasksSince, failedWithin, perNode, lines,
        configMaxAge);
  }

  public DiscoveryOptions withConfigMaxAge(Duration maxAge) {
    return new DiscoveryOptions(types, nodes, taskPageSize, tasksPerNode, taskMaxAge, tasksSince, logFailedWithin, logsPerNode,
        logLines, maxAge);
  }
}
