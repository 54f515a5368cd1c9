package dev.steward.internal.probe;

import dev.steward.HostMetrics;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.Probe;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.ShellQuoting;
import dev.steward.observe.CpuTimes;
import dev.steward.observe.KernelStat;
import dev.steward.observe.ListeningSocket;
import dev.steward.observe.LoadAverage;
import dev.steward.observe.MemoryInfo;
import dev.steward.observe.OutputParseException;
import dev.steward.observe.ProcCmdline;
import dev.steward.observe.ProcEnviron;
import dev.steward.observe.ProcFd;
import dev.steward.observe.ProcLoadavg;
import dev.steward.observe.ProcMeminfo;
import dev.steward.observe.ProcNet;
import dev.steward.observe.ProcPidStat;
import dev.steward.observe.ProcStat;
import dev.steward.observe.ProcessStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
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
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes this machine by reading {@code /proc}: the processes of this Steward instance (found by
 * the environment markers of {@link ProcessSpec}), every listening socket, and the load.
 *
 * <p>One observation reads each {@code /proc} file it needs once: the socket tables, then every
 * process's {@code environ} (the markers), then {@code stat} and {@code cmdline} of the marked
 * ones and the {@code fd} links that tie sockets to processes. A process that exits mid-scan is
 * skipped, as is one this user may not read. A process that forked keeps its markers in its
 * children; the marked process whose parent is not marked the same way is the node, and the
 * sockets of its whole tree are its ports.
 *
 * <p>Start times come from the kernel in clock ticks after boot: {@code start_ticks} is exact and
 * with the pid identifies a process for good; {@code started_at} adds the boot time, which the
 * kernel reports to the second and may shift by a second between reads.
 *
 * <p>Thread-safe: observations may run concurrently; the CPU baseline and the socket-owner hints
 * are the only state shared between them.
 */
final class LocalProbe implements Probe {
  private static final Logger LOG = LoggerFactory.getLogger(LocalProbe.class);
  /** {@code USER_HZ}: the unit of /proc's tick counts, fixed at 100 by the kernel ABI on x86-64, arm64 and riscv64. */
  static final int TICKS_PER_SECOND = 100;
  /** A CPU figure is only replaced by one measured over at least this many ticks per CPU (50 ms). */
  private static final int MIN_TICKS_PER_CPU = 5;
  private static final byte[] RESOURCE_MARKER = (ProcessSpec.ENV_RESOURCE + "=").getBytes(StandardCharsets.US_ASCII);

  /** Orders sockets by protocol, then port: one entry per endpoint such as {@code tcp:8080}. */
  private static final Comparator<ListeningSocket> ENDPOINT_ORDER =
      Comparator.comparing(ListeningSocket::protocol).thenComparingInt(ListeningSocket::port);

  private final Path proc;
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

  LocalProbe(Path proc, String instance, Clock clock, Duration cpuSample, Path diskPath) {
    this.proc = proc;
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
    ProcReader reader = new ProcReader();
    long statReadAt = System.nanoTime();
    KernelStat stat = ProcStat.parse(reader.read(proc.resolve("stat")).text(StandardCharsets.ISO_8859_1));
    List<ListeningSocket> sockets = listeningSockets(reader);
    Map<Long, ListeningSocket> listening = new HashMap<>(sockets.size() * 2);
    for (ListeningSocket socket : sockets) {
      listening.put(socket.inode(), socket);
    }

    List<Integer> unmarked = new ArrayList<>();
    Map<Integer, NodeProcess> marked = new LinkedHashMap<>();
    for (int pid : pids()) {
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
    Map<Integer, ResourceKey> nodeOfPid = nodes(marked, stat, listening, socketsByPid, resources);
    listeners(sockets, owners, nodeOfPid, marked, reader, resources);
    return Observation.reached(host, at, resources, metrics(stat, statReadAt, reader));
  }

  private List<ListeningSocket> listeningSockets(ProcReader reader) throws IOException {
    List<ListeningSocket> sockets = new ArrayList<>(ProcNet.tcp(latin1(reader.readListeningTcp(proc.resolve("net/tcp")))));
    sockets.addAll(ProcNet.udp(latin1(reader.readTable(proc.resolve("net/udp")))));
    // Without IPv6 in the kernel, the *6 tables do not exist.
    if (Files.exists(proc.resolve("net/tcp6"))) {
      sockets.addAll(ProcNet.tcp6(latin1(reader.readListeningTcp(proc.resolve("net/tcp6")))));
      sockets.addAll(ProcNet.udp6(latin1(reader.readTable(proc.resolve("net/udp6")))));
    }
    return sockets;
  }

  /** The kernel's /proc text files are ASCII: Latin-1 reads them with no decoding work. */
  private static String latin1(ProcReader reader) {
    return reader.text(StandardCharsets.ISO_8859_1);
  }

  /** The process directories of /proc, in ascending pid order. */
  private List<Integer> pids() throws IOException {
    List<Integer> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
      for (Path entry : entries) {
        int pid = pidOf(entry.getFileName().toString());
        if (pid > 0) {
          pids.add(pid);
        }
      }
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    pids.sort(null);
    return pids;
  }

  private static int pidOf(String name) {
    if (name.isEmpty() || name.length() > 9) {
      return -1;
    }
    int pid = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      pid = pid * 10 + (c - '0');
    }
    return pid;
  }

  /**
   * The process as a node of this instance; {@code null} when it carries no markers of this
   * instance (or cannot be read), {@link NodeProcess#GONE} when it is marked but exited or became
   * a zombie during the scan.
   */
  private NodeProcess readMarked(int pid, ProcReader reader) {
    Path dir = proc.resolve(Integer.toString(pid));
    try {
      reader.read(dir.resolve("environ"));
    } catch (IOException e) {
      return null; // exited, or another user's process
    }
    if (!reader.contains(RESOURCE_MARKER)) {
      return null;
    }
    String environment = reader.text(StandardCharsets.UTF_8);
    if (!ProcEnviron.variable(environment, ProcessSpec.ENV_INSTANCE).filter(instance::equals).isPresent()) {
      return null;
    }
    ResourceKey key = keyOf(ProcEnviron.variable(environment, ProcessSpec.ENV_RESOURCE).orElse(null), pid);
    if (key == null) {
      return null;
    }
    ProcessStat stat;
    List<String> argv;
    try {
      stat = ProcPidStat.parse(reader.read(dir.resolve("stat")).text(StandardCharsets.UTF_8));
      argv = ProcCmdline.parse(reader.read(dir.resolve("cmdline")).text(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return NodeProcess.GONE;
    }
    if (stat.hasExited()) {
      return NodeProcess.GONE;
    }
    return new NodeProcess(key, stat, argv);
  }

  private static ResourceKey keyOf(String marker, int pid) {
    if (marker == null) {
      return null;
    }
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
  private static Map<Integer, ResourceKey> nodes(Map<Integer, NodeProcess> marked, KernelStat stat,
      Map<Long, ListeningSocket> listening, Map<Integer, Set<Long>> socketsByPid, List<ObservedResource> out) {
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
    roots.forEach((key, candidates) -> {
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
      attributes.put("pid", Integer.toString(node.stat().pid()));
      attributes.put("start_ticks", Long.toString(node.stat().startTicks()));
      attributes.put("started_at", stat.processStart(node.stat().startTicks(), TICKS_PER_SECOND).toString());
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
    });
    return nodeOfPid;
  }

  /** One {@code listener} resource per protocol and port, with every address it is bound on. */
  private void listeners(List<ListeningSocket> sockets, Map<Long, Integer> owners, Map<Integer, ResourceKey> nodeOfPid,
      Map<Integer, NodeProcess> marked, ProcReader reader, List<ObservedResource> out) {
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

  private String commandOf(int pid, Map<Integer, NodeProcess> marked, ProcReader reader) {
    NodeProcess node = marked.get(pid);
    if (node != null) {
      return ShellQuoting.join(node.argv());
    }
    try {
      return ShellQuoting.join(ProcCmdline.parse(
          reader.read(proc.resolve(Integer.toString(pid)).resolve("cmdline")).text(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return "";
    }
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
      if (hint != null && hint.stillHolds(proc, inode)) {
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
  private void forEachSocket(int pid, Set<Long> inodes, SocketFound found) {
    if (inodes.isEmpty()) {
      return;
    }
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve(Integer.toString(pid)).resolve("fd"))) {
      for (Path fd : fds) {
        OptionalLong inode;
        try {
          inode = ProcFd.socketInode(Files.readSymbolicLink(fd).toString());
        } catch (IOException e) {
          continue; // closed meanwhile
        }
        if (inode.isPresent() && inodes.contains(inode.getAsLong())) {
          found.at(inode.getAsLong(), fd.getFileName().toString());
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      // The process exited, or belongs to a user whose fds this one may not read.
    }
  }

  private HostMetrics metrics(KernelStat stat, long statReadAt, ProcReader reader) throws IOException, InterruptedException {
    MemoryInfo memory = ProcMeminfo.parse(reader.read(proc.resolve("meminfo")).text(StandardCharsets.ISO_8859_1));
    LoadAverage load = ProcLoadavg.parse(reader.read(proc.resolve("loadavg")).text(StandardCharsets.ISO_8859_1));
    return new HostMetrics(cpuPercent(stat, statReadAt, reader), memory.usedPercent(), diskFreePercent(), load.load1(), stat.cpus());
  }

  /**
   * CPU use since the previous observation. The first one has nothing to compare with, so it reads
   * /proc/stat again after the sample window. While less than {@link #MIN_TICKS_PER_CPU} ticks per
   * CPU have passed, the last figure stands and the baseline is kept, so a burst of observations
   * does not report the noise of a few ticks. A sample read before the baseline (by an observation
   * that ran alongside the one that set it) is older news and changes nothing.
   */
  private double cpuPercent(KernelStat stat, long readAt, ProcReader reader) throws IOException, InterruptedException {
    synchronized (cpuLock) {
      if (cpuBaseline == null) {
        Thread.sleep(Math.max(1, cpuSample.toMillis()));
        long secondReadAt = System.nanoTime();
        CpuTimes second = ProcStat.parse(reader.read(proc.resolve("stat")).text(StandardCharsets.ISO_8859_1)).cpu();
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
    boolean stillHolds(Path proc, long inode) {
      try {
        Path link = proc.resolve(Integer.toString(pid)).resolve("fd").resolve(fd);
        OptionalLong held = ProcFd.socketInode(Files.readSymbolicLink(link).toString());
        return held.isPresent() && held.getAsLong() == inode;
      } catch (IOException e) {
        return false;
      }
    }
  }

  @FunctionalInterface
  private interface SocketFound {
    void at(long inode, String fd);
  }
}
