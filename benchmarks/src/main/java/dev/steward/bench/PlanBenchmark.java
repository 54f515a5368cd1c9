package dev.steward.bench;

import dev.steward.ActionType;
import dev.steward.CoreSettings;
import dev.steward.Failures;
import dev.steward.HostMetrics;
import dev.steward.NodeSelector;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.drift.Drift;
import dev.steward.drift.DriftReport;
import dev.steward.drift.DriftRules;
import dev.steward.NodeLifecycle;
import dev.steward.node.DesiredFleet;
import dev.steward.node.NodeAttributes;
import dev.steward.node.PlanInput;
import dev.steward.node.PlanPolicy;
import dev.steward.node.Planner;
import dev.steward.node.Thresholds;
import dev.steward.plan.Budgets;
import dev.steward.plan.Plan;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * The {@code plan} benchmark: the decision engine on fleets of 1,000, 10,000 and 100,000 nodes in
 * fleets of 100, with a realistic mix (fleets over and under their count, old versions, failed and
 * vanished nodes, a few hosts in crisis, budgets). Prints, per size, the warm median planning time
 * and the time per node, so linear scaling shows. Not thread-safe; run it once.
 */
public final class PlanBenchmark {
  static final int FLEET_SIZE = 100;
  static final double TARGET_MS_100K = 100;
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  /** What to run: the sizes, and how many warm-up and measured runs each gets. */
  public record Options(List<Integer> sizes, int warmups, int runs) {
    static Options parse(List<String> args) {
      boolean quick = false;
      for (String arg : args) {
        if (arg.equals("--quick")) {
          quick = true;
        } else {
          throw new IllegalArgumentException("unknown option '" + arg + "'");
        }
      }
      return quick ? new Options(List.of(1_000, 10_000), 5, 5) : new Options(List.of(1_000, 10_000, 100_000), 30, 21);
    }
  }

  /** The figures of one size. */
  public record Row(int nodes, int fleets, int actions, int held, double driftMedianMs, double planMedianMs, double planMinMs,
      double planCpuMedianMs) {
    double nanosPerNode() {
      return planMedianMs * 1e6 / nodes;
    }

    double cpuNanosPerNode() {
      return planCpuMedianMs * 1e6 / nodes;
    }
  }

  private final Options options;
  private final PrintStream out;

  public PlanBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs every size, prints the table and returns its rows. */
  public List<Row> run() {
    NodeSelector selector = ProviderRegistry.discover().create(ExtensionPoint.NODE_SELECTOR,
        Settings.builder().set(CoreSettings.NODE_SELECTOR, "youngest").build());
    PlanPolicy policy = new PlanPolicy(Thresholds.DEFAULT, Budgets.unlimited()
        .with(ActionType.UPGRADE, 50).with(ActionType.ADD, 100).with(ActionType.REMOVE, 100).with(ActionType.START, 200));
    Planner planner = new Planner(policy, selector);
    out.printf(Locale.ROOT, "plan benchmark: fleets of %d nodes, %d warm-up and %d measured runs per size, median shown%n",
        FLEET_SIZE, options.warmups(), options.runs());
    out.println("(wall = elapsed time; cpu = this thread's CPU time, which other load on the machine does not inflate)");
    out.printf(Locale.ROOT, "%10s %7s %8s %8s %10s %10s %10s %10s %12s %12s%n",
        "nodes", "fleets", "actions", "held", "drift ms", "plan ms", "min ms", "cpu ms", "ns/node", "cpu ns/node");
    List<Row> rows = new ArrayList<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int nodes : options.sizes()) {
      Scenario scenario = Scenario.build(nodes);
      double[] drift = new double[options.runs()];
      double[] plan = new double[options.runs()];
      double[] cpu = new double[options.runs()];
      Plan last = null;
      for (int i = 0; i < options.warmups(); i++) {
        last = planner.plan(scenario.input(scenario.classify()));
      }
      for (int i = 0; i < options.runs(); i++) {
        long t0 = System.nanoTime();
        DriftReport report = scenario.classify();
        long t1 = System.nanoTime();
        PlanInput input = scenario.input(report);
        long c2 = threads.getCurrentThreadCpuTime();
        long t2 = System.nanoTime();
        last = planner.plan(input);
        long t3 = System.nanoTime();
        cpu[i] = (threads.getCurrentThreadCpuTime() - c2) / 1e6;
        drift[i] = (t1 - t0) / 1e6;
        plan[i] = (t3 - t2) / 1e6;
      }
      Row row = new Row(nodes, scenario.fleets.size(), last.actions().size(), last.held().size(), median(drift), median(plan),
          Arrays.stream(plan).min().orElse(Double.NaN), median(cpu));
      rows.add(row);
      out.printf(Locale.ROOT, "%,10d %7d %8d %8d %10.2f %10.2f %10.2f %10.2f %12.0f %12.0f%n", row.nodes(), row.fleets(),
          row.actions(), row.held(), row.driftMedianMs(), row.planMedianMs(), row.planMinMs(), row.planCpuMedianMs(),
          row.nanosPerNode(), row.cpuNanosPerNode());
    }
    rows.stream().filter(r -> r.nodes() == 100_000).findFirst().ifPresent(r -> out.printf(Locale.ROOT,
        "target: planning 100,000 nodes in under %.0f ms: wall %s (%.2f ms), cpu %s (%.2f ms)%n", TARGET_MS_100K,
        r.planMedianMs() < TARGET_MS_100K ? "PASS" : "MISS", r.planMedianMs(),
        r.planCpuMedianMs() < TARGET_MS_100K ? "PASS" : "MISS", r.planCpuMedianMs()));
    if (rows.size() > 1) {
      Row first = rows.get(0);
      Row lastRow = rows.get(rows.size() - 1);
      out.printf(Locale.ROOT, "scaling: %dx the nodes took %.1fx the wall time and %.1fx the cpu time (linear is %dx)%n",
          lastRow.nodes() / first.nodes(), lastRow.planMedianMs() / first.planMedianMs(),
          lastRow.planCpuMedianMs() / first.planCpuMedianMs(), lastRow.nodes() / first.nodes());
    }
    return rows;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /**
   * A store's records and a probe's observations for {@code nodes} nodes: fleets of 100 on hosts of
   * ten fleets each. Every 5th fleet wants 90 (10 too many), every 7th wants 105, every 3rd moved
   * to version 2.0 with half its nodes still on 1.0; one node in 50 is FAILED (some still backing
   * off), one in 97 vanished; one host in 20 is in crisis, one in 20 too busy to add to.
   */
  record Scenario(List<DesiredFleet> fleets, List<ResourceRecord> records, List<Observation> observations,
      Map<String, HostMetrics> metrics, DriftRules rules) {

    static Scenario build(int nodes) {
      Random random = new Random(42);
      List<DesiredFleet> fleets = new ArrayList<>();
      List<ResourceRecord> records = new ArrayList<>(nodes);
      Map<String, List<ObservedResource>> seen = new HashMap<>();
      Map<String, HostMetrics> metrics = new HashMap<>();
      int fleetCount = nodes / FLEET_SIZE;
      Instant created = NOW.minusSeconds(86_400);
      for (int f = 0; f < fleetCount; f++) {
        String host = "host-" + (f / 10);
        int count = f % 5 == 0 ? FLEET_SIZE - 10 : f % 7 == 0 ? FLEET_SIZE + 5 : FLEET_SIZE;
        String version = f % 3 == 0 ? "2.0" : "1.0";
        DesiredFleet fleet = new DesiredFleet("fleet-" + f, host, count, version,
            Map.of(ProcessSpec.COMMAND, "demo-node --name {name} --port {port}"), OptionalInt.of(20_000));
        fleets.add(fleet);
        List<ObservedResource> onHost = seen.computeIfAbsent(host, h -> new ArrayList<>());
        for (int i = 1; i <= FLEET_SIZE; i++) {
          String runs = f % 3 == 0 && i % 2 == 0 ? "1.0" : version;
          ResourceKey key = fleet.nodeKey(i);
          String state = NodeLifecycle.RUNNING;
          Map<String, String> attributes = new HashMap<>();
          attributes.put(NodeAttributes.FLEET, fleet.name());
          attributes.put(NodeAttributes.INDEX, Integer.toString(i));
          Failures failures = Failures.none();
          boolean observed = true;
          if (i % 50 == 25) {
            state = NodeLifecycle.FAILED;
            failures = Failures.none().plus(NOW.minusSeconds(60), "StartFailed", "exit 1");
            if (random.nextBoolean()) {
              attributes.put(NodeAttributes.NEXT_ATTEMPT_AT, NOW.plusSeconds(30).toString());
            }
            observed = false;
          } else if (i % 97 == 0) {
            observed = false;
          } else {
            attributes.put(NodeAttributes.PID, Integer.toString(10_000 + i));
            attributes.put(NodeAttributes.PORT, Integer.toString(20_000 + i - 1));
          }
          Instant at = created.plusSeconds(random.nextInt(3600));
          records.add(new ResourceRecord(key, NodeLifecycle.LIFECYCLE.name(), state, "", Optional.of(fleet.specFor(i).with(ProcessSpec.VERSION, runs)),
              attributes, at, at, failures, 3));
          if (observed) {
            onHost.add(ObservedResource.of(key));
          }
        }
      }
      List<Observation> observations = new ArrayList<>();
      int hosts = seen.size();
      for (int h = 0; h < hosts; h++) {
        String host = "host-" + h;
        HostMetrics m = h % 20 == 7 ? new HostMetrics(97, 60, 40, 2, 8)
            : h % 20 == 13 ? new HostMetrics(85, 60, 40, 2, 8)
            : new HostMetrics(40, 50, 60, 2, 8);
        metrics.put(host, m);
        observations.add(Observation.reached(host, NOW, seen.get(host), m));
      }
      // As a store lists them: ordered by key.
      records.sort(java.util.Comparator.comparing(ResourceRecord::key));
      return new Scenario(fleets, records, observations, metrics, DriftRules.builder(Set.of(DesiredFleet.NODE_KIND)).build());
    }

    DriftReport classify() {
      return Drift.classify(records, observations, rules);
    }

    PlanInput input(DriftReport drift) {
      return new PlanInput(fleets, records, drift, metrics, NOW);
    }
  }
}
