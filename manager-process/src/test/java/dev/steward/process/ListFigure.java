package dev.steward.process;

import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.internal.proc.ProcTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prints what list() and status() cost with N running nodes (default 100): what a reconcile pass
 * with nothing to do asks of the manager. Not a test: run it by hand, e.g.
 * {@code java -cp <test class path> dev.steward.process.ListFigure 100}.
 */
public final class ListFigure {
  private ListFigure() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    Path dir = Files.createTempDirectory("steward-list-figure");
    Settings settings = Settings.builder()
        .set(CoreSettings.PROCESS_MANAGER, "process")
        .set(CoreSettings.INSTANCE, "list-figure-" + ProcessHandle.current().pid())
        .set(ProcessManagerSettings.DIRECTORY, dir.resolve("processes"))
        .set(ProcessManagerSettings.START_CHECK, Duration.ofMillis(200))
        .build();
    try (ProcessManager manager = ProviderRegistry.discover().create(ExtensionPoint.PROCESS_MANAGER, settings)) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      long startAll = System.nanoTime();
      List<Future<ProcessStatus>> started = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        Spec spec = Spec.of(ResourceKey.local("node", "figure-" + i)).with(ProcessSpec.COMMAND, "sleep 600");
        started.add(pool.submit(() -> manager.start(spec)));
      }
      for (Future<ProcessStatus> f : started) {
        f.get();
      }
      System.out.printf("started %d nodes (start check 200ms, 16 at a time) in %d ms%n", nodes,
          (System.nanoTime() - startAll) / 1_000_000);
      try {
        long[] list = new long[21];
        long[] statuses = new long[21];
        for (int round = 0; round < list.length; round++) {
          long t0 = System.nanoTime();
          int seen = manager.list().size();
          long t1 = System.nanoTime();
          for (int i = 0; i < nodes; i++) {
            manager.status(ResourceKey.local("node", "figure-" + i));
          }
          long t2 = System.nanoTime();
          if (seen != nodes) {
            throw new IllegalStateException("list() saw " + seen + " nodes, not " + nodes);
          }
          list[round] = t1 - t0;
          statuses[round] = t2 - t1;
        }
        Arrays.sort(list);
        Arrays.sort(statuses);
        System.out.printf("list() of %d running nodes: median %.1f ms, max %.1f ms (21 rounds)%n", nodes,
            list[10] / 1e6, list[20] / 1e6);
        System.out.printf("status() of each of %d running nodes: median %.1f ms for all, max %.1f ms%n", nodes,
            statuses[10] / 1e6, statuses[20] / 1e6);
        System.out.printf("processes in /proc: %d; load average: %s%n", new NodeProcessesCount().count(),
            Files.readString(Path.of("/proc/loadavg")).strip());
      } finally {
        long stopAll = System.nanoTime();
        List<Future<ProcessStatus>> stopped = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
          ResourceKey key = ResourceKey.local("node", "figure-" + i);
          stopped.add(pool.submit(() -> manager.stop(key, Duration.ofSeconds(10))));
        }
        for (Future<ProcessStatus> f : stopped) {
          f.get();
        }
        System.out.printf("stopped %d nodes in %d ms%n", nodes, (System.nanoTime() - stopAll) / 1_000_000);
        pool.shutdown();
      }
    }
  }

  private static final class NodeProcessesCount {
    int count() throws java.io.IOException {
      return ProcTable.ofThisMachine().pids().size();
    }
  }
}
