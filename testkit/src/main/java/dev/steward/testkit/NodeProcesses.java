package dev.steward.testkit;

import dev.steward.ProcessSpec;
import dev.steward.observe.OutputParseException;
import dev.steward.observe.ProcEnviron;
import dev.steward.observe.ProcPidStat;
import dev.steward.observe.ProcessStat;
import dev.steward.testsupport.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real processes of one Steward instance, as an outsider sees them: every live (not zombie)
 * process in {@code /proc} whose environment carries the instance's {@link
 * ProcessSpec#ENV_INSTANCE} marker, with its {@link ProcessSpec#ENV_RESOURCE} marker. For tests of
 * process managers and of programs that start nodes: that a node runs, that it runs once, that
 * none is left behind. Linux only. Thread-safe (it keeps no state).
 */
public final class NodeProcesses {
  private static final Path PROC = Path.of("/proc");
  private static final Duration KILL_PATIENCE = Duration.ofSeconds(20);

  private NodeProcesses() {}

  /** Every live process of {@code instance}, by resource ({@code kind/name}), each in order of pid. */
  public static Map<String, List<ProcessStat>> byResource(String instance) {
    Map<String, List<ProcessStat>> found = new TreeMap<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path dir : pids) {
        try {
          ProcessStat stat = ProcPidStat.parse(Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1));
          if (stat.hasExited()) {
            continue;
          }
          String environ = Files.readString(dir.resolve("environ"), StandardCharsets.ISO_8859_1);
          if (ProcEnviron.variable(environ, ProcessSpec.ENV_INSTANCE).filter(instance::equals).isPresent()) {
            ProcEnviron.variable(environ, ProcessSpec.ENV_RESOURCE).ifPresent(resource ->
                found.computeIfAbsent(resource, r -> new ArrayList<>()).add(stat));
          }
        } catch (IOException | OutputParseException e) {
          // The process ended while we looked, or is not ours to read.
        }
      }
    } catch (IOException e) {
      throw new AssertionError("Cannot list " + PROC, e);
    }
    found.values().forEach(list -> list.sort((a, b) -> Integer.compare(a.pid(), b.pid())));
    return found;
  }

  /** Every live process of {@code instance}: resource to pids, each in order. */
  public static Map<String, List<Long>> pidsByResource(String instance) {
    Map<String, List<Long>> pids = new TreeMap<>();
    byResource(instance).forEach((resource, stats) -> pids.put(resource, stats.stream().map(s -> (long) s.pid()).toList()));
    return pids;
  }

  /** Every live process of {@code instance}. */
  public static List<ProcessStat> of(String instance) {
    List<ProcessStat> all = new ArrayList<>();
    byResource(instance).values().forEach(all::addAll);
    return all;
  }

  /** The live processes of {@code instance} that belong to {@code resource} ({@code kind/name}). */
  public static List<ProcessStat> of(String instance, String resource) {
    return byResource(instance).getOrDefault(resource, Collections.emptyList());
  }

  /** SIGKILLs every process of {@code instance} and waits until none is left. */
  public static void killAll(String instance) {
    Poll.within(KILL_PATIENCE).await("the processes of instance " + instance + " to go after SIGKILL", () -> {
      List<ProcessStat> left = of(instance);
      left.forEach(s -> ProcessHandle.of(s.pid()).ifPresent(ProcessHandle::destroyForcibly));
      return left;
    }, List::isEmpty);
  }

  /** Fails if any process of {@code instance} is left, after killing them so the next test starts clean. */
  public static void assertNoneLeft(String instance) {
    List<ProcessStat> left = of(instance);
    if (!left.isEmpty()) {
      killAll(instance);
      throw new AssertionError("Processes of instance " + instance + " were left running after the test: " + left);
    }
  }
}
