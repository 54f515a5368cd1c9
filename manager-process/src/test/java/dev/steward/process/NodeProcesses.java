package dev.steward.process;

import static org.assertj.core.api.Assertions.fail;

import dev.steward.internal.proc.ProcTable;
import dev.steward.observe.ProcessStat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The real processes of a test's instance, found in /proc by their markers, as an outsider sees them. */
final class NodeProcesses {
  static final ProcTable PROC = ProcTable.ofThisMachine();
  private static final long CLEANUP_MILLIS = 10_000;

  private NodeProcesses() {}

  /** Live (not zombie) processes whose environment names {@code instance}, with their markers. */
  static List<ProcessStat> of(String instance) {
    List<ProcessStat> found = new ArrayList<>();
    for (ProcessStat stat : live()) {
      if (PROC.resourceMarker(stat.pid(), instance).isPresent()) {
        found.add(stat);
      }
    }
    return found;
  }

  /** Live processes of {@code instance} that are node {@code resource} ({@code kind/name}). */
  static List<ProcessStat> of(String instance, String resource) {
    List<ProcessStat> found = new ArrayList<>();
    for (ProcessStat stat : live()) {
      if (PROC.resourceMarker(stat.pid(), instance).filter(resource::equals).isPresent()) {
        found.add(stat);
      }
    }
    return found;
  }

  private static List<ProcessStat> live() {
    try {
      return PROC.liveProcesses();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills every process of {@code instance}, waits for them to go, and fails if there were any. */
  static void assertNoneLeft(String instance) {
    List<ProcessStat> left = of(instance);
    if (left.isEmpty()) {
      return;
    }
    killAll(instance);
    fail("Processes of instance " + instance + " were left running after the test: " + left);
  }

  /** SIGKILLs every process of {@code instance} and waits, with a deadline, until none is left. */
  static void killAll(String instance) {
    long deadline = System.currentTimeMillis() + CLEANUP_MILLIS;
    List<ProcessStat> left = of(instance);
    while (!left.isEmpty()) {
      left.forEach(s -> ProcessHandle.of(s.pid()).ifPresent(ProcessHandle::destroyForcibly));
      if (System.currentTimeMillis() > deadline) {
        fail("Cannot kill the processes of instance " + instance + ": " + left);
      }
      pause();
      left = of(instance);
    }
  }

  static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
