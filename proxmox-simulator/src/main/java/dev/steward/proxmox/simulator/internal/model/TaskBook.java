package dev.steward.proxmox.simulator.internal.model;

import dev.steward.proxmox.simulator.TaskOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every task of every node. The generated history is never stored: task {@code i} of a node (0 the
 * newest) is computed from the seed when asked for, and its start time falls strictly with
 * {@code i}, so a UPID leads back to its index by arithmetic. Stored are only the tasks the
 * simulator's API started and the generated ones it finished since. Thread-safe: reads take no
 * lock, so listings of many tasks run side by side; changes are serialized.
 */
public final class TaskBook {
  private static final String[][] KINDS = {
      {"qmstart", "vm"}, {"qmstop", "vm"}, {"qmshutdown", "vm"}, {"vzstart", "vm"}, {"vzshutdown", "vm"},
      {"vzdump", "vm"}, {"vzdump", ""}, {"qmigrate", "vm"}, {"qmsnapshot", "vm"}, {"vncproxy", "vm"},
      {"imgcopy", ""}, {"aptupdate", ""}, {"srvreload", "networking"}};
  private static final String[] USERS = {"root@pam", "root@pam", "admin@pve", "backup@pve!nightly"};
  private static final long HISTORY_SECONDS = 30L * 86_400;
  // Ticks per second of /proc/<pid>/stat's starttime (USER_HZ), which pstart counts.
  private static final int USER_HZ = 100;

  private final long seed;
  private final int perNode;
  private final int runningPerNode;
  private final int logLines;
  private final int guests;
  private final long anchor;
  private final long step;
  private final List<SimNode> nodes;
  private final Map<String, List<Task>> started = new ConcurrentHashMap<>();
  private final Map<String, Task> changed = new ConcurrentHashMap<>();
  private int startedCount;

  /** The history of each of {@code nodes} ends at {@code anchorEpoch}, the simulator's start. */
  public TaskBook(ClusterShape shape, List<SimNode> nodes, long anchorEpoch) {
    this.seed = shape.seed();
    this.perNode = shape.tasksPerNode();
    this.runningPerNode = Math.min(shape.runningTasksPerNode(), shape.tasksPerNode());
    this.logLines = shape.logLines();
    this.guests = Math.max(1, shape.guests());
    this.anchor = anchorEpoch;
    this.nodes = List.copyOf(nodes);
    // Spread the history over about 30 days, a task every 2 s to 1 h.
    this.step = Math.max(2, Math.min(3600, HISTORY_SECONDS / Math.max(1, perNode)));
  }

  /** Every task of {@code node}, newest first. */
  public List<Task> tasksOn(String node) {
    Optional<SimNode> simNode = nodes.stream().filter(n -> n.name().equals(node)).findFirst();
    if (simNode.isEmpty()) {
      return List.of();
    }
    List<Task> tasks = new ArrayList<>(perNode + started.getOrDefault(node, List.of()).size());
    boolean anyChanged = !changed.isEmpty();
    for (int i = 0; i < perNode; i++) {
      Task task = generated(simNode.get(), i);
      tasks.add(anyChanged ? changed.getOrDefault(task.upid().text(), task) : task);
    }
    for (Task task : started.getOrDefault(node, List.of())) {
      tasks.add(changed.getOrDefault(task.upid().text(), task));
    }
    tasks.sort(Comparator.comparingLong(Task::starttime).reversed());
    return tasks;
  }

  /** The task {@code upid} names, as it is now. */
  public Optional<Task> find(String upid) {
    Task task = changed.get(upid);
    if (task != null) {
      return Optional.of(task);
    }
    Optional<Upid> parsed = Upid.parse(upid);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    String node = parsed.get().node();
    for (Task own : started.getOrDefault(node, List.of())) {
      if (own.upid().text().equals(upid)) {
        return Optional.of(own);
      }
    }
    return nodes.stream().filter(n -> n.name().equals(node)).findFirst().flatMap(n -> findGenerated(n, parsed.get()));
  }

  /** Starts a task on {@code node}: running, with an empty log. */
  public synchronized Task start(String node, String type, String id, String user, long nowEpoch) {
    SimNode simNode = nodes.stream().filter(n -> n.name().equals(node)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No node '" + node + "' to start a task on"));
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed, nowEpoch, ++startedCount));
    Upid upid = new Upid(node, 1000 + random.nextInt(4_000_000), pstart(simNode, nowEpoch, random), nowEpoch, type, id, user);
    Task task = new Task(upid, Optional.empty(), Optional.empty(), TaskLog.empty(type, id));
    started.computeIfAbsent(node, n -> new CopyOnWriteArrayList<>()).add(task);
    return task;
  }

  /**
   * Ends the running task {@code upid} at {@code nowEpoch} with {@code outcome}.
   *
   * @throws IllegalArgumentException when there is no such task or it has ended already
   */
  public synchronized Task finish(String upid, TaskOutcome outcome, long nowEpoch) {
    Task task = find(upid).orElseThrow(() -> new IllegalArgumentException("No task " + upid));
    if (!task.running()) {
      throw new IllegalArgumentException("Task " + upid + " ended already: " + task.outcome().get().exitStatus());
    }
    Task ended = task.finished(nowEpoch, outcome);
    changed.put(upid, ended);
    return ended;
  }

  /** The running tasks of every node, then up to {@code recentPerNode} newest of each, newest first. */
  public List<Task> recent(int recentPerNode) {
    List<Task> recent = new ArrayList<>();
    for (SimNode node : nodes) {
      List<Task> all = tasksOn(node.name());
      for (int i = 0; i < all.size(); i++) {
        if (i < recentPerNode || all.get(i).running()) {
          recent.add(all.get(i));
        }
      }
    }
    recent.sort(Comparator.comparingLong(Task::starttime).reversed());
    return recent;
  }

  private Optional<Task> findGenerated(SimNode node, Upid upid) {
    long index = (anchor - upid.starttime()) / step - 1;
    for (long i = Math.max(0, index - 1); i <= index + 1 && i < perNode; i++) {
      Task task = generated(node, (int) i);
      if (task.upid().equals(upid)) {
        return Optional.of(task);
      }
    }
    return Optional.empty();
  }

  // Task i starts in ((i+1)*step, (i+1)*step + step/2] before the anchor: strictly older as i grows.
  private Task generated(SimNode node, int i) {
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed, node.index(), i));
    long starttime = anchor - (i + 1) * step - random.nextLong(step / 2);
    String[] kind = KINDS[random.nextInt(KINDS.length)];
    String id = kind[1].equals("vm") ? String.valueOf(100 + random.nextInt(guests)) : kind[1];
    Upid upid = new Upid(node.name(), 1000 + random.nextInt(4_000_000), pstart(node, starttime, random), starttime,
        kind[0], id, USERS[random.nextInt(USERS.length)]);
    TaskLog log = new TaskLog(Math.max(0, logLines - 1), kind[0], id, List.of());
    if (i < runningPerNode) {
      return new Task(upid, Optional.empty(), Optional.empty(), log);
    }
    TaskOutcome outcome = outcome(random, kind[0], id);
    long endtime = starttime + 1 + random.nextInt((int) Math.min(600, step / 2 + 1));
    return new Task(upid, Optional.empty(), Optional.empty(), log).finished(endtime, outcome);
  }

  private static TaskOutcome outcome(SplittableRandom random, String type, String id) {
    int roll = random.nextInt(100);
    if (roll < 85) {
      return TaskOutcome.ok();
    }
    if (roll < 92) {
      return TaskOutcome.warnings(1 + random.nextInt(4));
    }
    if (roll == 99) {
      return TaskOutcome.unexpected();
    }
    if (id.isEmpty() || !id.matches("\\d+")) {
      return TaskOutcome.error("job errors");
    }
    if (type.startsWith("vz") && !type.equals("vzdump")) {
      return TaskOutcome.error("command 'lxc-start -n " + id + "' failed: exit code 1");
    }
    return TaskOutcome.error(random.nextBoolean() ? "VM " + id + " not running"
        : "can't lock file '/var/lock/qemu-server/lock-" + id + ".conf' - got timeout");
  }

  // Clock ticks since the node booted; a task older than the boot ran under an earlier boot.
  private static long pstart(SimNode node, long starttime, SplittableRandom random) {
    long sinceBoot = starttime - node.bootEpoch();
    if (sinceBoot < 0) {
      sinceBoot = Math.floorMod(sinceBoot, 90L * 86_400) + 3600;
    }
    return sinceBoot * USER_HZ + random.nextInt(USER_HZ);
  }
}
