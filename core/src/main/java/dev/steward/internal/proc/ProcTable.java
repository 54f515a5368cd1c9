package dev.steward.internal.proc;

import dev.steward.ProcessIdentity;
import dev.steward.observe.KernelStat;
import dev.steward.observe.ProcFd;
import dev.steward.observe.ProcStat;
import dev.steward.observe.ProcessStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The process table of this machine, as {@code /proc} shows it: the one reader of Linux processes
 * that the {@code local} probe and the {@code process} manager share, so that both name a process
 * the same way ({@link ProcessIdentity}: pid and start ticks), count its start time in the same
 * {@link UserHz unit} from the same boot time, and find the same environment markers and listening
 * sockets. The text of each file is parsed by {@code dev.steward.observe}.
 *
 * <p>Reads of one process's files are lenient: a process that exits while it is read, or belongs
 * to a user whose files this one may not read, is simply absent (an empty answer). Reads of the
 * whole table or the host ({@link #pids()}, the socket tables, {@code /proc/stat}) throw, as
 * without them nothing can be said.
 *
 * <p>Thread-safe: its only state is the boot time, read once. Many reads in a row go faster
 * through one {@link #scan()}, which reuses its buffer.
 */
public final class ProcTable {
  private static final Path PROC = Path.of("/proc");

  private final Path root;
  private final long ticksPerSecond;
  /**
   * {@code /proc/stat} as first read, for its boot time ({@code btime}), which is kept: the kernel
   * reports it to the second, and it may shift by one between reads.
   */
  private volatile KernelStat boot;

  /**
   * @param root the proc file system, normally {@code /proc}
   * @param ticksPerSecond the unit of its tick counts, {@link UserHz#ofThisMachine()} for this machine's
   */
  public ProcTable(Path root, long ticksPerSecond) {
    this.root = Objects.requireNonNull(root, "root");
    if (ticksPerSecond <= 0) {
      throw new IllegalArgumentException("Clock ticks per second are more than 0, got " + ticksPerSecond);
    }
    this.ticksPerSecond = ticksPerSecond;
  }

  /**
   * This machine's table: {@code /proc}, counted in this machine's {@code USER_HZ}. One per JVM,
   * so the probe and the manager also take the boot time from one read.
   */
  public static ProcTable ofThisMachine() {
    return ThisMachine.TABLE;
  }

  private static final class ThisMachine {
    static final ProcTable TABLE = new ProcTable(PROC, UserHz.ofThisMachine());
  }

  public Path root() {
    return root;
  }

  /** The unit of the table's tick counts. */
  public long ticksPerSecond() {
    return ticksPerSecond;
  }

  /** A reader for many reads in a row, on one thread. */
  public ProcScan scan() {
    return new ProcScan(this, new ProcReader());
  }

  /** The process directories of the table, in ascending pid order. */
  public List<Integer> pids() throws IOException {
    List<Integer> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
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
    // pid_max is at most 2^22: nine digits are more than any pid has.
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

  /** The stat line of {@code pid}; empty when there is no such process or it cannot be read. */
  public Optional<ProcessStat> stat(long pid) {
    return scan().stat(pid);
  }

  /** The process {@code pid} is now, unless it is gone or has exited (a zombie). */
  public Optional<ProcessIdentity> identity(long pid) {
    return stat(pid).filter(s -> !s.hasExited()).map(ProcTable::identityOf);
  }

  /** The identity of the process {@code stat} describes. */
  public static ProcessIdentity identityOf(ProcessStat stat) {
    return new ProcessIdentity(stat.pid(), stat.startTicks());
  }

  /** True while {@code process} runs: its pid is alive, not a zombie, and started when it did (not reused). */
  public boolean isRunning(ProcessIdentity process) {
    return identity(process.pid()).filter(process::equals).isPresent();
  }

  /** See {@link ProcScan#resourceMarker(long, String)}. */
  public Optional<String> resourceMarker(long pid, String instance) {
    return scan().resourceMarker(pid, instance);
  }

  /** See {@link ProcScan#cmdline(long)}. */
  public Optional<List<String>> cmdline(long pid) {
    return scan().cmdline(pid);
  }

  /** The working directory of {@code pid}, when it may be read. */
  public Optional<Path> cwd(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(processDir(pid).resolve("cwd")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The live (not zombie) processes of the table, in ascending pid order. */
  public List<ProcessStat> liveProcesses() throws IOException {
    ProcScan scan = scan();
    List<ProcessStat> live = new ArrayList<>();
    for (int pid : pids()) {
      scan.stat(pid).filter(s -> !s.hasExited()).ifPresent(live::add);
    }
    return live;
  }

  /** Calls {@code found} for each socket {@code pid} has open; nothing when it is gone or not ours to read. */
  public void forEachSocket(long pid, SocketFound found) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(processDir(pid).resolve("fd"))) {
      for (Path fd : fds) {
        OptionalLong inode;
        try {
          inode = ProcFd.socketInode(Files.readSymbolicLink(fd).toString());
        } catch (IOException e) {
          continue; // closed meanwhile
        }
        if (inode.isPresent()) {
          found.at(inode.getAsLong(), fd.getFileName().toString());
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      // The process exited, or belongs to a user whose fds this one may not read.
    }
  }

  /** The inodes of the sockets {@code pid} has open (empty when it is gone or not readable). */
  public Set<Long> socketInodes(long pid) {
    Set<Long> inodes = new HashSet<>();
    forEachSocket(pid, (inode, fd) -> inodes.add(inode));
    return inodes;
  }

  /** The socket that file descriptor {@code fd} of {@code pid} is, if it is one and still open. */
  public OptionalLong socketAt(long pid, String fd) {
    try {
      return ProcFd.socketInode(Files.readSymbolicLink(processDir(pid).resolve("fd").resolve(fd)).toString());
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * When a process that started {@code startTicks} after boot started: exact to the tick after the
   * boot time, which is read once and kept, so a process's start time is the same at every call.
   */
  public Instant startedAt(long startTicks) throws IOException {
    KernelStat kernel = boot;
    if (kernel == null) {
      kernel = ProcStat.parse(new ProcReader().read(root.resolve("stat")).text(StandardCharsets.ISO_8859_1));
      boot = kernel;
    }
    return kernel.processStart(startTicks, ticksPerSecond);
  }

  Path processDir(long pid) {
    return root.resolve(Long.toString(pid));
  }

  /** A socket found among a process's file descriptors. */
  @FunctionalInterface
  public interface SocketFound {
    /** Socket {@code inode} is open as file descriptor {@code fd} (its name in {@code /proc/<pid>/fd}). */
    void at(long inode, String fd);
  }
}
