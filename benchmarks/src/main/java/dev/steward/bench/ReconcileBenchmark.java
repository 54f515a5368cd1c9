package dev.steward.bench;

import dev.steward.CoreSettings;
import dev.steward.NodeSelector;
import dev.steward.Probe;
import dev.steward.ProcessManager;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.node.DesiredFleet;
import dev.steward.node.NodeKind;
import dev.steward.node.PlanPolicy;
import dev.steward.node.Thresholds;
import dev.steward.plan.Budgets;
import dev.steward.reconcile.Backoff;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.Reconciler;
import dev.steward.store.FileStoreSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code reconcile [--nodes N] [--dir DIR]}: a fleet of N real local processes ({@code sleep}),
 * started by the reconciler through the {@code process} manager, then timed passes with nothing
 * to do, with the probe's and the store's share. Stops every node at the end.
 */
final class ReconcileBenchmark {
  private final int nodes;
  private final Path dir;
  private final PrintStream out;

  ReconcileBenchmark(int nodes, Path dir, PrintStream out) {
    this.nodes = nodes;
    this.dir = dir;
    this.out = out;
  }

  static ReconcileBenchmark parse(List<String> args, PrintStream out) {
    int nodes = 100;
    Path dir = Path.of("steward-bench-data");
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--nodes" -> nodes = Integer.parseInt(value(args, ++i, "--nodes"));
        case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
        default -> throw new IllegalArgumentException("unknown option " + args.get(i) + " for reconcile");
      }
    }
    if (nodes < 1) {
      throw new IllegalArgumentException("--nodes must be 1 or more");
    }
    return new ReconcileBenchmark(nodes, dir.toAbsolutePath().resolve("reconcile-" + ProcessHandle.current().pid()), out);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  int run() {
    ProviderRegistry registry = ProviderRegistry.discover();
    Settings settings = Settings.builder()
        .set(FileStoreSettings.DIRECTORY, dir.resolve("state"))
        .set("steward.process.dir", dir.resolve("processes").toString())
        .set("steward.process.start-check", "200ms")
        .set(CoreSettings.INSTANCE.name(), "bench-" + ProcessHandle.current().pid())
        .set(CoreSettings.PROBE.name(), "local")
        .set(CoreSettings.PROCESS_MANAGER.name(), "process")
        .build();
    AtomicReference<List<DesiredFleet>> fleets = new AtomicReference<>(List.of(fleet(nodes)));
    NodeSelector selector = registry.create(ExtensionPoint.NODE_SELECTOR, settings);
    Probe probe = registry.create(ExtensionPoint.PROBE, settings);
    try (StateStore store = registry.create(ExtensionPoint.STATE_STORE, settings);
        ProcessManager processes = registry.create(ExtensionPoint.PROCESS_MANAGER, settings);
        Reconciler reconciler = Reconciler.builder().store(store).probe(probe)
            .kind(NodeKind.builder().processManager(processes).selector(selector)
                .policy(new PlanPolicy(Thresholds.NONE, Budgets.unlimited())).fleets(fleets::get)
                .stopGrace(Duration.ofSeconds(5)).build())
            // Every node starts in the first pass: the figures are of steady passes, not of a rollout.
            .budgets(Budgets.unlimited()).backoff(Backoff.standard()).parallelism(16).build()) {
      long start = System.nanoTime();
      PassReport first = reconciler.reconcileOnce();
      out.printf("started %d nodes (sleep processes) in one pass: %.1f s, %d failures%n", nodes,
          (System.nanoTime() - start) / 1e9, first.failures().size());
      for (int i = 0; i < 5; i++) {
        reconciler.reconcileOnce();
      }
      List<Double> passes = new ArrayList<>();
      List<Double> observes = new ArrayList<>();
      List<Double> lists = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        PassReport report = reconciler.reconcileOnce();
        if (!report.plan().isQuiet()) {
          out.println("warning: a pass had work to do: " + report.plan().actions());
        }
        passes.add(report.took().toNanos() / 1e6);
        long t0 = System.nanoTime();
        probe.observe(ResourceKey.LOCAL);
        long t1 = System.nanoTime();
        store.list();
        long t2 = System.nanoTime();
        observes.add((t1 - t0) / 1e6);
        lists.add((t2 - t1) / 1e6);
      }
      out.printf("reconcile pass over %d nodes with nothing to do: median %.1f ms, p90 %.1f ms, max %.1f ms (target: under 200 ms)%n",
          nodes, median(passes), percentile(passes, 0.9), Collections.max(passes));
      out.printf("  of which: local probe observe median %.1f ms, store list median %.2f ms%n", median(observes), median(lists));
      fleets.set(List.of(fleet(0)));
      PassReport last = reconciler.reconcileOnce();
      out.printf("stopped %d nodes, %d failures%n", last.plan().actions().size(), last.failures().size());
    }
    return 0;
  }

  private static DesiredFleet fleet(int count) {
    return new DesiredFleet("bench", ResourceKey.LOCAL, count, "1", Map.of("command", "sleep 1000000"), OptionalInt.empty());
  }

  private static double median(List<Double> values) {
    return percentile(values, 0.5);
  }

  private static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * (sorted.size() - 1) + 0.5)));
  }
}
