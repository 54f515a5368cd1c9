package dev.steward.process.internal;

import dev.steward.ProcessSpec;
import dev.steward.observe.KernelStat;
import dev.steward.observe.ListeningSocket;
import dev.steward.observe.OutputParseException;
import dev.steward.observe.ProcCmdline;
import dev.steward.observe.ProcEnviron;
import dev.steward.observe.ProcFd;
import dev.steward.observe.ProcNet;
import dev.steward.observe.ProcPidStat;
import dev.steward.observe.ProcStat;
import dev.steward.observe.ProcessStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the process table from {@code /proc} with the parsers of {@code dev.steward.observe}. Every
 * read is of one small file; a process that exits while it is read is simply absent. Thread-safe:
 * no state but the boot time read once.
 */
public final class ProcFs {
  private static final Logger LOG = LoggerFactory.getLogger(ProcFs.class);

  private final Path root;
  private final long ticksPerSecond;
  private final KernelStat kernel;

  /**
   * @param root the proc file system, normally {@code /proc}
   * @param ticksPerSecond the clock ticks {@code starttime} counts in ({@code getconf CLK_TCK})
   */
  public ProcFs(Path root, long ticksPerSecond) {
    this.root = root;
    this.ticksPerSecond = ticksPerSecond;
    this.kernel = readKernelStat(root);
  }

  /** The stat line of {@code pid}, or empty when there is no such process (or it cannot be read). */
  public Optional<ProcessStat> stat(long pid) {
    Path file = root.resolve(Long.toString(pid)).resolve("stat");
    try {
      // Decoded leniently: the name is whatever bytes the program set, and need not be UTF-8.
      return Optional.of(ProcPidStat.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.debug("Cannot read {}: {}", file, e.toString());
      return Optional.empty();
    } catch (OutputParseException e) {
      LOG.warn("{}", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The {@link ProcessSpec#ENV_RESOURCE} marker of {@code pid} when its {@link ProcessSpec#ENV_INSTANCE}
   * marker is {@code instance}; empty when it is not marked so, is gone, or may not be read.
   */
  public Optional<String> resourceMarker(long pid, String instance) {
    String environ;
    try {
      environ = new String(Files.readAllBytes(root.resolve(Long.toString(pid)).resolve("environ")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Gone, or another user's process: neither is ours.
      return Optional.empty();
    }
    if (ProcEnviron.variable(environ, ProcessSpec.ENV_INSTANCE).filter(instance::equals).isEmpty()) {
      return Optional.empty();
    }
    return ProcEnviron.variable(environ, ProcessSpec.ENV_RESOURCE);
  }

  /** The command line of {@code pid}, or empty when it is gone or cannot be read. */
  public List<String> cmdline(long pid) {
    try {
      byte[] bytes = Files.readAllBytes(root.resolve(Long.toString(pid)).resolve("cmdline"));
      return ProcCmdline.parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The working directory of {@code pid}, when it may be read. */
  public Optional<Path> cwd(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(root.resolve(Long.toString(pid)).resolve("cwd")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Every process id in the table, this JVM included. */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() < 19) {
          pids.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
    }
    return pids;
  }

  /** The stat lines of every live (not zombie) process. */
  public List<ProcessStat> liveProcesses() {
    List<ProcessStat> live = new ArrayList<>();
    for (long pid : pids()) {
      stat(pid).filter(s -> !s.hasExited()).ifPresent(live::add);
    }
    return live;
  }

  /** The inodes of the sockets listening on TCP {@code port}, IPv4 and IPv6. */
  public Set<Long> listeningInodes(int port) {
    Set<Long> inodes = new HashSet<>();
    for (boolean ipv6 : new boolean[] {false, true}) {
      Path file = root.resolve("net").resolve(ipv6 ? "tcp6" : "tcp");
      String text;
      try {
        text = Files.readString(file, StandardCharsets.US_ASCII);
      } catch (NoSuchFileException e) {
        continue; // no IPv6 in this kernel
      } catch (IOException e) {
        LOG.warn("Cannot read {}: {}", file, e.toString());
        continue;
      }
      for (ListeningSocket socket : ipv6 ? ProcNet.tcp6(text) : ProcNet.tcp(text)) {
        if (socket.port() == port) {
          inodes.add(socket.inode());
        }
      }
    }
    return inodes;
  }

  /** The inodes of the sockets {@code pid} has open (empty when it is gone or not readable). */
  public Set<Long> socketInodes(long pid) {
    Set<Long> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(root.resolve(Long.toString(pid)).resolve("fd"))) {
      for (Path fd : fds) {
        try {
          ProcFd.socketInode(Files.readSymbolicLink(fd).toString()).ifPresent(inodes::add);
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    } catch (IOException e) {
      return Set.of();
    }
    return inodes;
  }

  /** The pids of the processes that hold one of {@code inodes}, among {@code candidates}. */
  public List<Long> holders(Set<Long> inodes, List<Long> candidates) {
    if (inodes.isEmpty()) {
      return List.of();
    }
    return candidates.stream()
        .filter(pid -> socketInodes(pid).stream().anyMatch(inodes::contains))
        .collect(Collectors.toList());
  }

  /** When a process that started {@code startTicks} after boot started. */
  public Instant startInstant(long startTicks) {
    return kernel.processStart(startTicks, ticksPerSecond);
  }

  private static KernelStat readKernelStat(Path root) {
    try {
      return ProcStat.parse(Files.readString(root.resolve("stat"), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot read " + root.resolve("stat") + ": " + e.getMessage(), e);
    }
  }

  /** True when {@code pid} is alive, not a zombie, and is the process that started at {@code startTicks}. */
  public boolean isRunning(long pid, long startTicks) {
    return stat(pid).filter(s -> !s.hasExited() && s.startTicks() == startTicks).isPresent();
  }
}
