package dev.steward.internal.probe;

import dev.steward.HostMetrics;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.Probe;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.internal.proc.ProcScan;
import dev.steward.internal.proc.ProcTable;
import dev.steward.node.NodeAttributes;
import dev.steward.observe.CpuTimes;
import dev.steward.observe.KernelStat;
import dev.steward.observe.ListeningSocket;
import dev.steward.observe.LoadAverage;
import dev.steward.observe.MemoryInfo;
import dev.steward.observe.OutputParseException;
import dev.steward.observe.ProcessStat;
import dev.steward.spi.support.ShellQuoting;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes this machine by reading {@code /proc} through the {@link ProcTable} it shares with the
 * {@code process} manager: the processes of this Steward instance (found by the environment
 * markers of {@link ProcessSpec}), every listening socket, and the load.
 *
 * <p>One observation reads each {@code /proc} file it needs once: the socket tables, then every
 * process's {@code environ} (the markers), then {@code stat} and {@code cmdline} of the marked
 * ones and the {@code fd} links that tie sockets to processes. A process that exits mid-scan is
 * skipped, as is one this user may not read. A process that forked keeps its markers in its
 * children; the marked process whose parent is not marked the same way is the node, and the
 * sockets of its whole tree are its ports.
 *
 * <p>Start times come from the kernel in clock ticks after boot: {@code start_ticks} is exact and
 * with the pid identifies a process for good ({@link dev.steward.ProcessIdentity}, as the process
 * manager reports it); {@code started_at} adds the boot time, which the table reads once.
 *
 * <p>Thread-safe: observations may run concurrently; the CPU baseline and the socket-owner hints
 * are the only state shared between them.
 */
final class LocalProbe implements Probe {
  private static final Logger LOG = LoggerFactory.getLogger(LocalProbe.class);
  /** A CPU figure is only replaced by one measured over at least this many ticks per CPU (50 ms). */
  private static final int MIN_TICKS_PER_CPU = 5;

  /** Orders sockets by protocol, then port: one entry per endpoint such as {@code tcp:8080}. */
  private static final Comparator<ListeningSocket> ENDPOINT_ORDER =
      Comparator.comparing(ListeningSocket::protocol).thenComparingInt(ListeningSocket::port);

  private final ProcTable table;
  private final String instance;
  private final Clock clock;
  private final Duration cpuSample;
  private final Path diskPath;

  private final Object cpuLock = new Object();
  /** The /proc/stat counters the next CPU figure is measured from; guarded by {@link #cpuLock}. */
  private CpuTimes cpuBaseline;
  /** When the baseline was read ({@link System#nanoTime()}); guarded by {@link #cpuLock}. */
  private long cpuBaselineReadAt;
  /** The last CPU figure, reported again while too little time has passed to measure a new one. */
  private double cpuPercent;

  /** The file system of {@link #diskPath}, found on first use. */
  private volatile FileStore diskStore;
  /** Where each listening socket was last found, so the next observation checks one link instead of every process. */
  private final Map<Long, FdLink> ownerHints = new ConcurrentHashMap<>();
  /** Sockets a full scan found no visible holder for (the kernel's, or another user's): not searched again. */
  private final Set<Long> ownerless = ConcurrentHashMap.newKeySet();

  LocalProbe(ProcTable table, String instance, Clock clock, Duration cpuSample, Path diskPath) {
    this.table = table;
    this.instance = instance;
    this.clock = clock;
    this.cpuSample = cpuSample;
    this.diskPath = diskPath;
  }

  @Override
  public Observation observe(String host) {
    Instant at = clock.instant();
    if (!ResourceKey.LOCAL.equals(host)) {
      return Observation.unreachable(host, at, "The local probe only observes \"" + ResourceKey.LOCAL
          + "\" (this machine), not '" + host + "': use the ssh probe (steward.probe=ssh) for other hosts");
    }
    try {
      return scan(host, at);
    } catch (NoSuchFileException e) {
      return Observation.unreachable(host, at, "Cannot read " + e.getFile() + " on this machine: it does not exist."
          + " The local probe reads Linux's /proc; on another system use the ssh probe against a Linux host");
    } catch (IOException e) {
      return Observation.unreachable(host, at, "Cannot read /proc on this machine: " + describe(e));
    } catch (OutputParseException e) {
      return Observation.unreachable(host, at, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Observation.unreachable(host, at, "Interrupted while measuring CPU use; nothing was observed");
    }
  }

  private Observation scan(String host, Instant at) throws IOException, InterruptedException {
    ProcScan reader = table.scan();
    long statReadAt = System.nanoTime();
    KernelStat stat = reader.kernelStat();
    List<ListeningSocket> sockets = reader.listeningSockets();
    Map<Long, ListeningSocket> listening = new HashMap<>(sockets.size() * 2);
    for (ListeningSocket socket : sockets) {
      listening.put(socket.inode(), socket);
    }

    List<Integer> unmarked = new ArrayList<>();
    Map<Integer, NodeProcess> marked = new LinkedHashMap<>();
    for (int pid : table.pids()) {
      NodeProcess node = readMarked(pid, reader);
      if (node == null) {
        unmarked.add(pid);
      } else if (node != NodeProcess.GONE) {
        marked.put(pid, node);
      }
    }

    Map<Long, Integer> owners = new HashMap<>();
    Map<Integer, Set<Long>> socketsByPid = new HashMap<>();
    for (NodeProcess node : marked.values()) {
      Set<Long> held = new HashSet<>();
      forEachSocket(node.stat().pid(), listening.keySet(), (inode, fd) -> {
        held.add(inode);
        owners.merge(inode, node.stat().pid(), Math::min);
      });
      socketsByPid.put(node.stat().pid(), held);
    }
    findOwners(listening.keySet(), owners, unmarked);

    List<ObservedResource> resources = new ArrayList<>();
    Map<Integer, ResourceKey> nodeOfPid = nodes(marked, listening, socketsByPid, resources);
    listeners(sockets, owners, nodeOfPid, marked, reader, resources);
    return Observation.reached(host, at, resources, metrics(stat, statReadAt, reader));
  }

  /**
   * The process as a node of this instance; {@code null} when it carries no markers of this
   * instance (or cannot be read), {@link NodeProcess#GONE} when it is marked but exited or became
   * a zombie during the scan.
   */
  private NodeProcess readMarked(int pid, ProcScan reader) {
    Optional<String> marker = reader.resourceMarker(pid, instance);
    if (marker.isEmpty()) {
      return null;
    }
    ResourceKey key = keyOf(marker.get(), pid);
    if (key == null) {
      return null;
    }
    Optional<ProcessStat> stat = reader.stat(pid);
    if (stat.isEmpty() || stat.get().hasExited()) {
      return NodeProcess.GONE;
    }
    Optional<List<String>> argv = reader.cmdline(pid);
    if (argv.isEmpty()) {
      return NodeProcess.GONE;
    }
    return new NodeProcess(key, stat.get(), argv.get());
  }

  private static ResourceKey keyOf(String marker, int pid) {
    ResourceKey key = ProcessSpec.resourceOfMarker(marker).orElse(null);
    if (key != null) {
      return key;
    }
    LOG.debug("Process {} has a {} marker that is not kind/name; it is not reported as a node", pid, ProcessSpec.ENV_RESOURCE);
    return null;
  }

  /**
   * Adds a resource for each node and returns, for each marked pid, the node it belongs to. Several
   * processes carry a node's markers when it forked; the one whose parent does not is the node, the
   * others belong to its tree. Two such roots are duplicates: the older is reported, the others
   * are named in {@code duplicate_pids}.
   */
  private Map<Integer, ResourceKey> nodes(Map<Integer, NodeProcess> marked,
      Map<Long, ListeningSocket> listening, Map<Integer, Set<Long>> socketsByPid, List<ObservedResource> out)
      throws IOException {
    Map<ResourceKey, List<NodeProcess>> roots = new TreeMap<>();
    Map<NodeProcess, List<Integer>> trees = new HashMap<>();
    for (NodeProcess process : marked.values()) {
      NodeProcess root = process;
      // Bounded: a parent chain within one group cannot be longer than the group.
      for (int steps = 0; steps < marked.size(); steps++) {
        NodeProcess parent = marked.get(root.stat().ppid());
        if (parent == null || !parent.key().equals(process.key())) {
          break;
        }
        root = parent;
      }
      trees.computeIfAbsent(root, r -> new ArrayList<>()).add(process.stat().pid());
      if (root == process) {
        roots.computeIfAbsent(process.key(), k -> new ArrayList<>()).add(process);
      }
    }
    Map<Integer, ResourceKey> nodeOfPid = new HashMap<>();
    for (Map.Entry<ResourceKey, List<NodeProcess>> root : roots.entrySet()) {
      ResourceKey key = root.getKey();
      List<NodeProcess> candidates = root.getValue();
      candidates.sort(Comparator.comparingLong((NodeProcess p) -> p.stat().startTicks()).thenComparingInt(p -> p.stat().pid()));
      NodeProcess node = candidates.get(0);
      TreeSet<ListeningSocket> ports = new TreeSet<>(ENDPOINT_ORDER);
      for (int pid : trees.get(node)) {
        nodeOfPid.put(pid, key);
        for (long inode : socketsByPid.getOrDefault(pid, Set.of())) {
          ports.add(listening.get(inode));
        }
      }
      Map<String, String> attributes = new TreeMap<>();
      attributes.put(NodeAttributes.PID, Integer.toString(node.stat().pid()));
      attributes.put(NodeAttributes.START_TICKS, Long.toString(node.stat().startTicks()));
      attributes.put(NodeAttributes.STARTED_AT, table.startedAt(node.stat().startTicks()).toString());
      attributes.put("command", ShellQuoting.join(node.argv()));
      attributes.put("state", String.valueOf(node.stat().state()));
      attributes.put("ports", joinEndpoints(ports));
      if (candidates.size() > 1) {
        StringBuilder duplicates = new StringBuilder();
        for (NodeProcess duplicate : candidates.subList(1, candidates.size())) {
          duplicates.append(duplicates.length() == 0 ? "" : ",").append(duplicate.stat().pid());
        }
        attributes.put("duplicate_pids", duplicates.toString());
      }
      out.add(new ObservedResource(key, Set.of(), attributes));
    }
    return nodeOfPid;
  }

  /** One {@code listener} resource per protocol and port, with every address it is bound on. */
  private void listeners(List<ListeningSocket> sockets, Map<Long, Integer> owners, Map<Integer, ResourceKey> nodeOfPid,
      Map<Integer, NodeProcess> marked, ProcScan reader, List<ObservedResource> out) {
    TreeMap<ListeningSocket, List<ListeningSocket>> byEndpoint = new TreeMap<>(ENDPOINT_ORDER);
    for (ListeningSocket socket : sockets) {
      byEndpoint.computeIfAbsent(socket, s -> new ArrayList<>()).add(socket);
    }
    Map<Integer, String> commands = new HashMap<>();
    byEndpoint.forEach((endpoint, bound) -> {
      TreeSet<String> addresses = new TreeSet<>();
      int owner = Integer.MAX_VALUE;
      for (ListeningSocket socket : bound) {
        addresses.add(socket.address());
        owner = Math.min(owner, owners.getOrDefault(socket.inode(), Integer.MAX_VALUE));
      }
      Map<String, String> attributes = new TreeMap<>();
      attributes.put("protocol", endpoint.protocol().lowercase());
      attributes.put("port", Integer.toString(endpoint.port()));
      attributes.put("addresses", String.join(",", addresses));
      attributes.put("uid", Long.toString(endpoint.uid()));
      if (owner != Integer.MAX_VALUE) {
        int pid = owner;
        attributes.put("pid", Integer.toString(pid));
        String command = commands.computeIfAbsent(pid, p -> commandOf(p, marked, reader));
        if (!command.isEmpty()) {
          attributes.put("command", command);
        }
        ResourceKey node = nodeOfPid.get(pid);
        if (node != null) {
          attributes.put("resource", ProcessSpec.resourceMarker(node));
        }
      }
      out.add(new ObservedResource(ResourceKey.local("listener", endpoint.endpoint()), Set.of(), attributes));
    });
  }

  private String commandOf(int pid, Map<Integer, NodeProcess> marked, ProcScan reader) {
    NodeProcess node = marked.get(pid);
    if (node != null) {
      return ShellQuoting.join(node.argv());
    }
    return reader.cmdline(pid).map(ShellQuoting::join).orElse("");
  }

  /**
   * Finds a holder for each listening socket no node holds: first where it was found last time,
   * then by reading the fd links of the other processes in pid order, until every socket has one.
   */
  private void findOwners(Set<Long> listening, Map<Long, Integer> owners, List<Integer> unmarked) {
    ownerHints.keySet().retainAll(listening);
    ownerless.retainAll(listening);
    Set<Long> wanted = new HashSet<>();
    for (long inode : listening) {
      if (owners.containsKey(inode)) {
        continue;
      }
      FdLink hint = ownerHints.get(inode);
      if (hint != null && hint.stillHolds(table, inode)) {
        owners.put(inode, hint.pid());
      } else if (!ownerless.contains(inode)) {
        wanted.add(inode);
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    Set<Long> missing = new HashSet<>(wanted);
    for (int pid : unmarked) {
      forEachSocket(pid, missing, (inode, fd) -> {
        owners.putIfAbsent(inode, pid);
        ownerHints.put(inode, new FdLink(pid, fd));
      });
      missing.removeIf(owners::containsKey);
      if (missing.isEmpty()) {
        return;
      }
    }
    ownerless.addAll(missing);
  }

  /** Calls {@code found} for each fd of {@code pid} that is one of {@code inodes}; nothing when the process is gone or not ours. */
  private void forEachSocket(int pid, Set<Long> inodes, ProcTable.SocketFound found) {
    if (inodes.isEmpty()) {
      return;
    }
    table.forEachSocket(pid, (inode, fd) -> {
      if (inodes.contains(inode)) {
        found.at(inode, fd);
      }
    });
  }

  private HostMetrics metrics(KernelStat stat, long statReadAt, ProcScan reader) throws IOException, InterruptedException {
    MemoryInfo memory = reader.memory();
    LoadAverage load = reader.load();
    return new HostMetrics(cpuPercent(stat, statReadAt, reader), memory.usedPercent(), diskFreePercent(), load.load1(), stat.cpus());
  }

  /**
   * CPU use since the previous observation. The first one has nothing to compare with, so it reads
   * /proc/stat again after the sample window. While less than {@link #MIN_TICKS_PER_CPU} ticks per
   * CPU have passed, the last figure stands and the baseline is kept, so a burst of observations
   * does not report the noise of a few ticks. A sample read before the baseline (by an observation
   * that ran alongside the one that set it) is older news and changes nothing.
   */
  private double cpuPercent(KernelStat stat, long readAt, ProcScan reader) throws IOException, InterruptedException {
    synchronized (cpuLock) {
      if (cpuBaseline == null) {
        Thread.sleep(Math.max(1, cpuSample.toMillis()));
        long secondReadAt = System.nanoTime();
        CpuTimes second = reader.kernelStat().cpu();
        cpuPercent = clampPercent(second.busyPercentSince(stat.cpu()).orElse(0));
        cpuBaseline = second;
        cpuBaselineReadAt = secondReadAt;
        return cpuPercent;
      }
      if (readAt - cpuBaselineReadAt < 0) {
        return cpuPercent;
      }
      CpuTimes now = stat.cpu();
      long elapsed = now.total() - cpuBaseline.total();
      OptionalDouble measured = now.busyPercentSince(cpuBaseline);
      if (measured.isEmpty() && elapsed < 0) {
        cpuBaseline = now; // counters went backwards: a CPU went offline; start again from here
        cpuBaselineReadAt = readAt;
      } else if (measured.isPresent() && elapsed >= (long) MIN_TICKS_PER_CPU * stat.cpus()) {
        cpuPercent = clampPercent(measured.getAsDouble());
        cpuBaseline = now;
        cpuBaselineReadAt = readAt;
      }
      return cpuPercent;
    }
  }

  private double diskFreePercent() throws IOException {
    long total;
    long usable;
    try {
      FileStore store = diskStore;
      if (store == null) {
        // Finding the store reads the mount table; its sizes are read afresh (statvfs of the path) each time.
        store = Files.getFileStore(diskPath);
        diskStore = store;
      }
      total = store.getTotalSpace();
      usable = store.getUsableSpace();
    } catch (IOException e) {
      diskStore = null;
      throw new IOException("the disk of steward.probe.local.disk-path " + diskPath + " cannot be read: " + describe(e)
          + "; set it to a path on the file system that holds the nodes' data", e);
    }
    if (total <= 0) {
      throw new IOException("the file system of steward.probe.local.disk-path " + diskPath
          + " reports no size; set it to a path on a real disk");
    }
    return clampPercent(100.0 * usable / total);
  }

  private static double clampPercent(double value) {
    return Math.max(0, Math.min(100, value));
  }

  private static String joinEndpoints(Set<ListeningSocket> sockets) {
    StringBuilder out = new StringBuilder();
    for (ListeningSocket socket : sockets) {
      out.append(out.length() == 0 ? "" : ",").append(socket.endpoint());
    }
    return out.toString();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** A marked process of this instance. */
  private record NodeProcess(ResourceKey key, ProcessStat stat, List<String> argv) {
    /** Marked, but gone before it could be read: reported neither as a node nor as anything else. */
    static final NodeProcess GONE = new NodeProcess(ResourceKey.local("gone", "gone"),
        new ProcessStat(0, "", 'X', 0, 0, 0, 0), List.of());
  }

  /** Where a socket was found: {@code /proc/<pid>/fd/<fd>}. */
  private record FdLink(int pid, String fd) {
    boolean stillHolds(ProcTable table, long inode) {
      return table.socketAt(pid, fd).stream().anyMatch(held -> held == inode);
    }
  }
}
