package dev.steward.process.internal;

import dev.steward.ProcessIdentity;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessStartException;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.StewardException;
import dev.steward.internal.proc.ProcTable;
import dev.steward.observe.ListeningSocket;
import dev.steward.observe.ProcessStat;
import dev.steward.spi.support.ShellQuoting;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code process} ProcessManager: each node is a real local process in its own session
 * (launched through {@code setsid}, which keeps the pid), with stdin from {@code /dev/null} and
 * stdout and stderr appended to its own log. What was started is written down (pid and start
 * time), so a later manager, even in another JVM, finds and controls it, and a reused pid is never
 * taken for the node. A node whose record was lost (a crash between launch and write) is found by
 * the environment markers every node carries, and adopted.
 *
 * <p>Thread-safe. Calls for one node are serialised by a lock per node that also holds across
 * processes (a lock file), so two callers never start the same node twice; calls for different
 * nodes run in parallel.
 */
public final class LocalProcessManager implements ProcessManager {
  private static final Logger LOG = LoggerFactory.getLogger(LocalProcessManager.class);
  /** Locks of one JVM, by directory and node: a file lock is held per JVM, not per thread. */
  private static final ConcurrentHashMap<String, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  private static final int TAIL_LINES = 10;
  /** How often a start or a stop looks at the process table again: the only way to watch a process we may not own. */
  private static final Duration POLL = Duration.ofMillis(20);
  /** How long a node may take to vanish after SIGKILL before the stop is reported as failed. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  private static final File DEV_NULL = new File("/dev/null");

  private final NodeRecords records;
  private final String lockPrefix;
  private final ProcTable proc;
  private final String instance;
  private final Path setsid;
  private final Duration startCheck;
  private final Duration failedStartGrace;
  private final Clock clock;
  /** Processes launched by this manager: the JVM learns their exit status. */
  private final Map<ProcessIdentity, Process> children = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param records the manager's directory
   * @param proc the process table, shared with the {@code local} probe
   * @param instance the Steward instance, written into every node's environment
   * @param setsid the {@code setsid} program
   * @param startCheck how long a new node is watched before it counts as running
   * @param failedStartGrace the grace given to a node that failed its start check before it is killed
   * @param clock where record times come from
   */
  public LocalProcessManager(NodeRecords records, ProcTable proc, String instance, Path setsid, Duration startCheck,
      Duration failedStartGrace, Clock clock) {
    this.records = Objects.requireNonNull(records, "records");
    this.proc = Objects.requireNonNull(proc, "proc");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.setsid = Objects.requireNonNull(setsid, "setsid");
    this.startCheck = Objects.requireNonNull(startCheck, "startCheck");
    this.failedStartGrace = Objects.requireNonNull(failedStartGrace, "failedStartGrace");
    this.clock = Objects.requireNonNull(clock, "clock");
    String real;
    try {
      real = records.directory().toRealPath().toString();
    } catch (IOException e) {
      real = records.directory().toString();
    }
    this.lockPrefix = real + "\0";
  }

  /** The directory of records and logs. */
  public Path directory() {
    return records.directory();
  }

  @Override
  public ProcessStatus start(Spec spec) {
    checkOpen();
    ResourceKey key = spec.key();
    requireLocal(key);
    List<String> argv = ProcessSpec.argv(spec);
    OptionalInt port = ProcessSpec.port(spec);
    Map<String, String> environment = ProcessSpec.environment(spec);
    for (String marker : List.of(ProcessSpec.ENV_INSTANCE, ProcessSpec.ENV_RESOURCE)) {
      if (environment.containsKey(marker)) {
        throw new IllegalArgumentException("The spec of " + key + " sets env." + marker
            + ": the process manager sets that marker itself; remove the property");
      }
    }
    Optional<Path> directory = ProcessSpec.directory(spec).map(d -> d.toAbsolutePath().normalize());

    try (NodeLock lock = lock(key)) {
      ProcessStatus current = resolve(key, records.read(key).filter(this::ours), scanFor(key), true);
      if (current.state() == ProcessState.RUNNING) {
        LOG.debug("{} already runs as pid {}", key, current.pid().orElse(0));
        return current;
      }
      Path workingDirectory = directory.orElseGet(() -> Path.of("").toAbsolutePath());
      if (directory.isPresent() && !Files.isDirectory(workingDirectory)) {
        throw new ProcessStartException(key, "Cannot start " + key + ": its directory " + workingDirectory
            + (Files.exists(workingDirectory) ? " is not a directory" : " does not exist")
            + ". Create it, or fix the '" + ProcessSpec.DIRECTORY + "' property");
      }
      Optional<String> path = environment.containsKey("PATH")
          ? Optional.of(environment.get("PATH")) : Optional.ofNullable(System.getenv("PATH"));
      CommandResolver.Resolution program = CommandResolver.resolve(argv.get(0), workingDirectory, path);
      if (program.executable().isEmpty()) {
        throw new ProcessStartException(key, "Cannot start " + key + ": " + program.problem());
      }
      if (port.isPresent()) {
        checkPortFree(key, port.getAsInt());
      }
      return launch(spec, argv, program.executable().get(), workingDirectory, directory, port, environment);
    }
  }

  @Override
  public ProcessStatus stop(ResourceKey key, Duration grace) {
    checkOpen();
    requireLocal(key);
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("The grace to stop " + key + " is " + grace + ": it must not be negative");
    }
    try (NodeLock lock = lock(key)) {
      ProcessStatus current = resolve(key, records.read(key).filter(this::ours), scanFor(key), true);
      if (current.state() == ProcessState.ABSENT) {
        return current;
      }
      NodeRecord record = records.read(key).filter(this::ours).orElseThrow(() ->
          new IllegalStateException("a node that is not absent has a record"));
      boolean wasRunning = current.state() == ProcessState.RUNNING;
      terminate(record, grace);
      NodeRecord after = withExitCode(record);
      if (wasRunning) {
        after = after.stopped(clock.instant());
        LOG.info("Stopped {} (pid {})", key, record.pid());
      }
      if (!after.equals(record)) {
        records.write(after);
      }
      return statusOf(after, wasRunning ? ProcessState.STOPPED : deadState(after));
    }
  }

  @Override
  public ProcessStatus status(ResourceKey key) {
    checkOpen();
    requireLocal(key);
    Optional<NodeRecord> record = records.read(key).filter(this::ours);
    if (record.isPresent() && isRunning(record.get())) {
      return statusOf(record.get(), ProcessState.RUNNING);
    }
    return resolve(key, record, scanFor(key), false);
  }

  @Override
  public List<ProcessStatus> list() {
    checkOpen();
    Map<ResourceKey, NodeRecord> byKey = new TreeMap<>();
    for (NodeRecord record : records.readAll()) {
      if (ours(record) && record.key().isLocal()) {
        byKey.put(record.key(), record);
      }
    }
    Map<ResourceKey, ProcessStat> marked = scanMarkers();
    Set<ResourceKey> keys = new TreeSet<>(byKey.keySet());
    keys.addAll(marked.keySet());
    List<ProcessStatus> all = new ArrayList<>(keys.size());
    for (ResourceKey key : keys) {
      Optional<NodeRecord> record = Optional.ofNullable(byKey.get(key));
      if (record.isPresent() && isRunning(record.get())) {
        all.add(statusOf(record.get(), ProcessState.RUNNING));
      } else {
        all.add(resolve(key, record, Optional.ofNullable(marked.get(key)), false));
      }
    }
    return List.copyOf(all);
  }

  /** Processes outlive the manager: closing forgets nothing on disk and stops nothing. */
  @Override
  public void close() {
    closed = true;
    children.clear();
  }

  // ---- status

  /**
   * The status of {@code key} from its record and the live process found by its markers. A
   * marker process with no running record is adopted: its record is written when {@code locked},
   * or when the node's lock can be had at once; otherwise it is only reported.
   */
  private ProcessStatus resolve(ResourceKey key, Optional<NodeRecord> record, Optional<ProcessStat> marked, boolean locked) {
    if (record.isPresent() && isRunning(record.get())) {
      return statusOf(record.get(), ProcessState.RUNNING);
    }
    if (marked.isPresent()) {
      if (locked) {
        return statusOf(adopt(key, marked.get(), record), ProcessState.RUNNING);
      }
      Optional<NodeLock> lock = tryLock(key);
      if (lock.isPresent()) {
        try (NodeLock held = lock.get()) {
          // Another caller may have written the record meanwhile: look again under the lock.
          return resolve(key, records.read(key).filter(this::ours), scanFor(key), true);
        }
      }
      return statusOf(adoptedRecord(key, marked.get(), record), ProcessState.RUNNING);
    }
    if (record.isEmpty()) {
      return ProcessStatus.absent(key);
    }
    NodeRecord dead = withExitCode(record.get());
    if (!dead.equals(record.get()) && locked) {
      records.write(dead);
    }
    return statusOf(dead, deadState(dead));
  }

  private static ProcessState deadState(NodeRecord dead) {
    if (dead.stoppedAt().isPresent()) {
      return ProcessState.STOPPED;
    }
    // Exited on its own: a clean exit is a stop; a failure, a kill or an unknown end is a failure.
    return dead.exitCode().isPresent() && dead.exitCode().getAsInt() == 0 && dead.failure().isEmpty()
        ? ProcessState.STOPPED : ProcessState.FAILED;
  }

  private NodeRecord adopt(ResourceKey key, ProcessStat stat, Optional<NodeRecord> previous) {
    NodeRecord adopted = adoptedRecord(key, stat, previous);
    records.write(adopted);
    LOG.warn("Adopted {}: pid {} carries this instance's markers but had no record (a manager stopped between "
        + "launching it and writing it down)", key, stat.pid());
    return adopted;
  }

  private NodeRecord adoptedRecord(ResourceKey key, ProcessStat stat, Optional<NodeRecord> previous) {
    return new NodeRecord(key, instance, stat.pid(), stat.startTicks(), startInstant(stat.startTicks()),
        proc.cmdline(stat.pid()).orElse(List.of()), proc.cwd(stat.pid()), previous.map(NodeRecord::port).orElse(OptionalInt.empty()),
        Optional.empty(), records.logFile(key), Optional.empty(), OptionalInt.empty(), Optional.empty(), true);
  }

  private ProcessStatus statusOf(NodeRecord record, ProcessState state) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("log", record.log().toString());
    attributes.put("command", ShellQuoting.join(record.command()));
    record.port().ifPresent(p -> attributes.put("port", Integer.toString(p)));
    record.version().ifPresent(v -> attributes.put("version", v));
    record.exitCode().ifPresent(c -> attributes.put("exit_code", Integer.toString(c)));
    record.failure().ifPresent(f -> attributes.put("failure", f));
    if (record.adopted()) {
      attributes.put("adopted", "true");
    }
    if (state == ProcessState.RUNNING) {
      return new ProcessStatus(record.key(), state, OptionalLong.of(record.pid()), Optional.of(record.startedAt()), attributes,
          Optional.of(record.identity()));
    }
    // A dead node's pid may already belong to another process: do not hand it out, nor its identity.
    return new ProcessStatus(record.key(), state, OptionalLong.empty(), Optional.empty(), attributes);
  }

  private boolean isRunning(NodeRecord record) {
    return proc.isRunning(record.identity());
  }

  private boolean ours(NodeRecord record) {
    return record.instance().equals(instance);
  }

  /** The record with the exit status the JVM saw, when this manager launched the process and it ended. */
  private NodeRecord withExitCode(NodeRecord record) {
    if (record.exitCode().isPresent()) {
      return record;
    }
    Process child = children.get(record.identity());
    if (child == null) {
      return record;
    }
    try {
      // The JVM reaps its children on its own thread; after a process is gone that takes moments.
      if (!child.waitFor(1, TimeUnit.SECONDS)) {
        return record;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return record;
    }
    children.remove(record.identity());
    return record.exited(child.exitValue());
  }

  // ---- the process table

  /** The live session leaders carrying this instance's markers, the oldest per node. */
  private Map<ResourceKey, ProcessStat> scanMarkers() {
    Map<ResourceKey, List<ProcessStat>> found = new TreeMap<>();
    long self = ProcessHandle.current().pid();
    for (ProcessStat stat : liveProcesses()) {
      if (stat.session() != stat.pid() || stat.pid() == self) {
        continue;
      }
      proc.resourceMarker(stat.pid(), instance)
          .flatMap(ProcessSpec::resourceOfMarker)
          .ifPresent(key -> found.computeIfAbsent(key, k -> new ArrayList<>()).add(stat));
    }
    Map<ResourceKey, ProcessStat> oldest = new TreeMap<>();
    found.forEach((key, stats) -> {
      stats.sort(Comparator.comparingLong(ProcessStat::startTicks));
      if (stats.size() > 1) {
        LOG.warn("{} processes carry the markers of {}: pids {}; the oldest, {}, is taken for the node", stats.size(),
            key, stats.stream().map(s -> Long.toString(s.pid())).collect(Collectors.joining(", ")), stats.get(0).pid());
      }
      oldest.put(key, stats.get(0));
    });
    return oldest;
  }

  private Optional<ProcessStat> scanFor(ResourceKey key) {
    return Optional.ofNullable(scanMarkers().get(key));
  }

  /**
   * The processes of a node's group that may be signalled: its leader when its start time matches
   * the record, and the other members of its group, all of them when the leader is verified (the
   * kernel keeps the group id from being reused while the leader lives), else only those carrying
   * the node's markers.
   */
  private List<Long> members(NodeRecord record) {
    boolean leader = isRunning(record);
    List<Long> pids = new ArrayList<>();
    if (leader) {
      pids.add(record.pid());
    }
    String resource = ProcessSpec.resourceMarker(record.key());
    for (ProcessStat stat : liveProcesses()) {
      if (stat.pgrp() != record.pid() || stat.pid() == record.pid()) {
        continue;
      }
      if (leader || proc.resourceMarker(stat.pid(), instance).filter(resource::equals).isPresent()) {
        pids.add((long) stat.pid());
      }
    }
    return pids;
  }

  /** SIGTERM to the node's group, up to {@code grace} to exit, then SIGKILL. */
  private void terminate(NodeRecord record, Duration grace) {
    List<Long> targets = members(record);
    if (targets.isEmpty()) {
      return;
    }
    signal(targets, false);
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() - deadline < 0) {
      // The leader is one read; the group scan only once it is gone.
      if (!isRunning(record) && members(record).isEmpty()) {
        return;
      }
      pause(deadline);
    }
    targets = members(record);
    if (targets.isEmpty()) {
      return;
    }
    LOG.info("{} (pid {}) did not exit within {} of SIGTERM; sending SIGKILL", record.key(), record.pid(), human(grace));
    signal(targets, true);
    long killDeadline = System.nanoTime() + KILL_WAIT.toNanos();
    while (!members(record).isEmpty()) {
      if (System.nanoTime() - killDeadline >= 0) {
        throw new StewardException(record.key() + " (pid " + record.pid() + ") is still there " + human(KILL_WAIT)
            + " after SIGKILL, probably stuck in the kernel (state D): look at /proc/" + record.pid() + "/stack");
      }
      pause(killDeadline);
    }
  }

  private static void signal(List<Long> pids, boolean kill) {
    for (long pid : pids) {
      // ProcessHandle checks the start time it saw against the process it signals, at the last moment.
      ProcessHandle.of(pid).ifPresent(handle -> {
        if (kill) {
          handle.destroyForcibly();
        } else {
          handle.destroy();
        }
      });
    }
  }

  private static void pause(long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    LockSupport.parkNanos(Math.max(0, Math.min(POLL.toNanos(), left)));
  }

  // ---- starting

  private ProcessStatus launch(Spec spec, List<String> argv, Path executable, Path workingDirectory,
      Optional<Path> directory, OptionalInt port, Map<String, String> environment) {
    ResourceKey key = spec.key();
    Path log;
    try {
      log = records.prepareLog(key);
      Files.writeString(log, "=== " + clock.instant() + " steward starts " + key + ": " + ShellQuoting.join(argv) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new ProcessStartException(key, "Cannot start " + key + ": cannot open its log " + records.logFile(key) + ": " + e,
          OptionalInt.empty(), List.of(), e);
    }
    List<String> command = new ArrayList<>();
    command.add(setsid.toString());
    command.add("--");
    command.add(executable.toString());
    command.addAll(argv.subList(1, argv.size()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workingDirectory.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.putAll(environment);
    env.put(ProcessSpec.ENV_INSTANCE, instance);
    env.put(ProcessSpec.ENV_RESOURCE, ProcessSpec.resourceMarker(key));

    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ProcessStartException(key, "Cannot start " + key + ": " + e.getMessage(), OptionalInt.empty(),
          LogTail.of(log, TAIL_LINES), e);
    }
    long pid = process.pid();
    // The start time does not change when setsid execs the program, so it can be read at once.
    Optional<ProcessStat> first = proc.stat(pid);
    long ticks = first.map(ProcessStat::startTicks).orElse(0L);
    NodeRecord record = new NodeRecord(key, instance, pid, ticks, startInstant(ticks), argv, directory, port,
        spec.property(ProcessSpec.VERSION), log, Optional.empty(), OptionalInt.empty(), Optional.empty(), false);
    children.put(record.identity(), process);
    records.write(record);
    LOG.info("Started {} as pid {}: {}", key, pid, ShellQuoting.join(argv));
    return watch(record, process);
  }

  /** Watches a new node for the start check: it must live, lead its own session, and listen on its port. */
  private ProcessStatus watch(NodeRecord record, Process process) {
    ResourceKey key = record.key();
    long deadline = System.nanoTime() + startCheck.toNanos();
    boolean ownSession = false;
    while (true) {
      if (!process.isAlive()) {
        throw failed(record, process, "exited with status " + describeExit(process.exitValue()) + " within "
            + human(startCheck) + " of starting");
      }
      Optional<ProcessStat> stat = proc.stat(record.pid());
      ownSession = stat.filter(s -> s.session() == record.pid()).isPresent();
      if (ownSession && record.port().isPresent() && listens(record.port().getAsInt(), record.pid())) {
        return statusOf(record, ProcessState.RUNNING);
      }
      if (System.nanoTime() - deadline >= 0) {
        break;
      }
      pause(deadline);
    }
    if (!ownSession) {
      throw failed(record, process, "did not start a session of its own within " + human(startCheck)
          + " (is " + setsid + " the util-linux setsid?)");
    }
    if (record.port().isPresent()) {
      int port = record.port().getAsInt();
      String holder = portHolder(port).map(h -> " (port " + port + " is held by " + h + ")").orElse("");
      throw failed(record, process, "did not listen on port " + port + " within " + human(startCheck)
          + " of starting" + holder + ", so it was stopped; if it needs longer, raise steward.process.start-check");
    }
    return statusOf(record, ProcessState.RUNNING);
  }

  /** Stops what is left of a node that failed its start check, records why, and says so. */
  private ProcessStartException failed(NodeRecord record, Process process, String what) {
    terminate(record, failedStartGrace);
    NodeRecord dead = record.failed(what);
    try {
      if (process.waitFor(1, TimeUnit.SECONDS)) {
        dead = dead.exited(process.exitValue());
        children.remove(record.identity());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    records.write(dead);
    List<String> tail = LogTail.of(record.log(), TAIL_LINES);
    StringBuilder message = new StringBuilder()
        .append(record.key()).append(" (").append(record.command().get(0)).append(", pid ").append(record.pid())
        .append(") ").append(what).append('.');
    if (tail.isEmpty()) {
      message.append(" Its log ").append(record.log()).append(" is empty.");
    } else {
      message.append(" The last lines of its log ").append(record.log()).append(':');
      tail.forEach(line -> message.append("\n    ").append(line));
    }
    LOG.warn("{}", message);
    return new ProcessStartException(record.key(), message.toString(), dead.exitCode(), tail, null);
  }

  private boolean listens(int port, long session) {
    Set<Long> inodes = listeningInodes(port);
    if (inodes.isEmpty()) {
      return false;
    }
    List<Long> inSession = liveProcesses().stream().filter(s -> s.session() == session)
        .map(s -> (long) s.pid()).collect(Collectors.toList());
    return !holders(inodes, inSession).isEmpty();
  }

  private void checkPortFree(ResourceKey key, int port) {
    Set<Long> inodes = listeningInodes(port);
    if (inodes.isEmpty()) {
      return;
    }
    String holder = portHolder(port).orElse("a process this user cannot see in /proc");
    throw new ProcessStartException(key, "Cannot start " + key + ": port " + port + " is already in use by " + holder
        + ". Stop that process, or give " + key + " another '" + ProcessSpec.PORT + "'");
  }

  /** "pid N (command)" of a process listening on {@code port}, when /proc tells. */
  private Optional<String> portHolder(int port) {
    Set<Long> inodes = listeningInodes(port);
    if (inodes.isEmpty()) {
      return Optional.empty();
    }
    List<Long> holders = holders(inodes, pids());
    if (holders.isEmpty()) {
      return Optional.empty();
    }
    long pid = holders.get(0);
    String command = ShellQuoting.join(proc.cmdline(pid).orElse(List.of()));
    if (command.length() > 160) {
      command = command.substring(0, 160) + "...";
    }
    String self = pid == ProcessHandle.current().pid() ? "this very process, " : "";
    return Optional.of("pid " + pid + " (" + self + command + ")");
  }

  // ---- reads of the whole table

  /** Every process id in the table, this JVM included. */
  private List<Long> pids() {
    try {
      return proc.pids().stream().map(Integer::longValue).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + proc.root() + ": " + e.getMessage(), e);
    }
  }

  /** The stat lines of every live (not zombie) process. */
  private List<ProcessStat> liveProcesses() {
    try {
      return proc.liveProcesses();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + proc.root() + ": " + e.getMessage(), e);
    }
  }

  /** The inodes of the sockets listening on TCP {@code port}, IPv4 and IPv6; none when the tables cannot be read (logged). */
  private Set<Long> listeningInodes(int port) {
    Set<Long> inodes = new HashSet<>();
    try {
      for (ListeningSocket socket : proc.scan().listeningTcp()) {
        if (socket.port() == port) {
          inodes.add(socket.inode());
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot read the TCP sockets of {}: {}", proc.root(), e.toString());
    }
    return inodes;
  }

  /** The pids among {@code candidates} of the processes that hold one of {@code inodes}. */
  private List<Long> holders(Set<Long> inodes, List<Long> candidates) {
    if (inodes.isEmpty()) {
      return List.of();
    }
    return candidates.stream()
        .filter(pid -> proc.socketInodes(pid).stream().anyMatch(inodes::contains))
        .collect(Collectors.toList());
  }

  /** When a process that started {@code startTicks} after boot started, as the probe also says. */
  private Instant startInstant(long startTicks) {
    try {
      return proc.startedAt(startTicks);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the boot time in " + proc.root().resolve("stat") + ": " + e.getMessage(), e);
    }
  }

  // ---- locks

  /** The node's lock: one thread of this JVM, and one process, at a time. */
  private final class NodeLock implements AutoCloseable {
    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock file;

    NodeLock(ReentrantLock local, FileChannel channel, FileLock file) {
      this.local = local;
      this.channel = channel;
      this.file = file;
    }

    @Override
    public void close() {
      try {
        file.release();
        channel.close();
      } catch (IOException e) {
        LOG.debug("Releasing a node lock: {}", e.toString());
      } finally {
        local.unlock();
      }
    }
  }

  private NodeLock lock(ResourceKey key) {
    ReentrantLock local = JVM_LOCKS.computeIfAbsent(lockPrefix + key, k -> new ReentrantLock());
    if (local.isHeldByCurrentThread()) {
      throw new IllegalStateException("the lock of " + key + " is already held by this thread");
    }
    local.lock();
    FileChannel channel = null;
    try {
      channel = openLockFile(key);
      return new NodeLock(local, channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      local.unlock();
      throw new StewardException("Cannot lock " + records.lockFile(key) + " to start or stop " + key + ": " + e, e);
    }
  }

  private Optional<NodeLock> tryLock(ResourceKey key) {
    ReentrantLock local = JVM_LOCKS.computeIfAbsent(lockPrefix + key, k -> new ReentrantLock());
    if (local.isHeldByCurrentThread() || !local.tryLock()) {
      return Optional.empty();
    }
    FileChannel channel = null;
    try {
      channel = openLockFile(key);
      FileLock file = channel.tryLock();
      if (file != null) {
        return Optional.of(new NodeLock(local, channel, file));
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot lock {}: {}", records.lockFile(key), e.toString());
    }
    closeQuietly(channel);
    local.unlock();
    return Optional.empty();
  }

  private FileChannel openLockFile(ResourceKey key) throws IOException {
    return FileChannel.open(records.lockFile(key), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was locked through it
      }
    }
  }

  // ---- small things

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("This process manager is closed; create a new one (the nodes still run)");
    }
  }

  private static void requireLocal(ResourceKey key) {
    if (!key.isLocal()) {
      throw new IllegalArgumentException("The process manager runs processes on this machine only, and " + key
          + " is on host '" + key.host() + "': use a key with host '" + ResourceKey.LOCAL + "', or a manager for that host");
    }
  }

  /** "1", or "143 (killed by SIGTERM)" for the statuses the JVM reports for a signal. */
  static String describeExit(int status) {
    String signal = switch (status - 128) {
      case 1 -> "SIGHUP";
      case 2 -> "SIGINT";
      case 6 -> "SIGABRT";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 13 -> "SIGPIPE";
      case 15 -> "SIGTERM";
      default -> "";
    };
    return signal.isEmpty() ? Integer.toString(status) : status + " (killed by " + signal + ")";
  }

  /** "2s", "300ms", "1m30s". */
  static String human(Duration duration) {
    if (duration.toMillis() % 1000 != 0) {
      return duration.toMillis() + "ms";
    }
    long seconds = duration.toSeconds();
    if (seconds >= 60 && seconds % 60 != 0) {
      return seconds / 60 + "m" + seconds % 60 + "s";
    }
    return seconds >= 60 ? seconds / 60 + "m" : seconds + "s";
  }
}
