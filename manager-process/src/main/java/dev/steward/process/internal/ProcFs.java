package dev.steward.process.internal;

import dev.steward.observe.OutputParseException;
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
 * Reads the process table from {@code /proc}. Every read is of one small file; a process that
 * exits while it is read is simply absent. Thread-safe: no state but the boot time read once.
 */
public final class ProcFs {
  private static final Logger LOG = LoggerFactory.getLogger(ProcFs.class);

  private final Path root;
  private final long ticksPerSecond;
  private final long bootTime;

  /**
   * @param root the proc file system, normally {@code /proc}
   * @param ticksPerSecond the clock ticks {@code starttime} counts in ({@code getconf CLK_TCK})
   */
  public ProcFs(Path root, long ticksPerSecond) {
    this.root = root;
    this.ticksPerSecond = ticksPerSecond;
    this.bootTime = readBootTime(root);
  }

  /** The stat line of {@code pid}, or empty when there is no such process (or it cannot be read). */
  public Optional<ProcStat> stat(long pid) {
    Path file = root.resolve(Long.toString(pid)).resolve("stat");
    try {
      return Optional.of(ProcStat.parse(Files.readString(file, StandardCharsets.UTF_8)));
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

  /** The Steward markers in the environment of {@code pid}, when it has both and may be read. */
  public Optional<EnvironMarkers> markers(long pid) {
    try {
      return EnvironMarkers.parse(Files.readAllBytes(root.resolve(Long.toString(pid)).resolve("environ")));
    } catch (IOException e) {
      // Gone, or another user's process: neither is ours.
      return Optional.empty();
    }
  }

  /** The command line of {@code pid}, or empty when it is gone or cannot be read. */
  public List<String> cmdline(long pid) {
    try {
      byte[] bytes = Files.readAllBytes(root.resolve(Long.toString(pid)).resolve("cmdline"));
      List<String> words = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == 0) {
          words.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      if (start < bytes.length) {
        words.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
      }
      return List.copyOf(words);
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
  public List<ProcStat> liveProcesses() {
    List<ProcStat> live = new ArrayList<>();
    for (long pid : pids()) {
      stat(pid).filter(s -> !s.isDead()).ifPresent(live::add);
    }
    return live;
  }

  /** The inodes of the sockets listening on TCP {@code port}, IPv4 and IPv6. */
  public Set<Long> listeningInodes(int port) {
    Set<Long> inodes = new HashSet<>();
    for (String name : List.of("tcp", "tcp6")) {
      Path file = root.resolve("net").resolve(name);
      String text;
      try {
        text = Files.readString(file, StandardCharsets.US_ASCII);
      } catch (NoSuchFileException e) {
        continue; // no IPv6 in this kernel
      } catch (IOException e) {
        LOG.warn("Cannot read {}: {}", file, e.toString());
        continue;
      }
      for (ListeningSockets.Listener listener : ListeningSockets.parse(text, file.toString())) {
        if (listener.port() == port) {
          inodes.add(listener.inode());
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
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[") && target.endsWith("]")) {
            inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
          }
        } catch (IOException | NumberFormatException e) {
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
    long seconds = startTicks / ticksPerSecond;
    long nanos = (startTicks % ticksPerSecond) * 1_000_000_000L / ticksPerSecond;
    return Instant.ofEpochSecond(bootTime + seconds, nanos);
  }

  /** The {@code btime} line of {@code /proc/stat}: boot time in seconds since the epoch. */
  static long parseBootTime(String procStat) {
    for (String line : procStat.split("\n")) {
      if (line.startsWith("btime ")) {
        return ProcStat.number(line.substring(6), "btime", "/proc/stat", line);
      }
    }
    throw new OutputParseException("/proc/stat", 0, "it has no 'btime' line");
  }

  private static long readBootTime(Path root) {
    try {
      return parseBootTime(Files.readString(root.resolve("stat"), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot read " + root.resolve("stat") + ": " + e.getMessage(), e);
    }
  }

  /** True when {@code pid} is alive, not a zombie, and is the process that started at {@code startTicks}. */
  public boolean isRunning(long pid, long startTicks) {
    return stat(pid).filter(s -> !s.isDead() && s.startTicks() == startTicks).isPresent();
  }
}
