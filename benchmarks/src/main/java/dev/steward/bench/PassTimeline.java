package dev.steward.bench;

import dev.steward.Action;
import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Lifecycle;
import dev.steward.Observation;
import dev.steward.Probe;
import dev.steward.ProcessManager;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.TcpConnection;
import dev.steward.Transport;
import dev.steward.drift.DriftRules;
import dev.steward.plan.Plan;
import dev.steward.plan.PlanRequest;
import dev.steward.reconcile.ActionContext;
import dev.steward.reconcile.Kind;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.Reconciler;
import dev.steward.status.StatusItem;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the time of a reconcile pass goes. The loop's {@link PassReport} has the pass's total only,
 * so the benchmark wraps the parts it builds the loop from (probe, kind, process manager,
 * transport): each marks when its stage starts and ends, and every command is counted under the
 * stage that ran it. {@link #time} runs one pass and keeps its stages; passes run otherwise leave
 * nothing behind. Only for benchmarks: the wrappers add a few nanoseconds per call.
 *
 * <p>Thread-safe: the marks are written on the pass's thread, commands and listings arrive on the
 * loop's pools, and the samples are kept under this object's lock.
 */
final class PassTimeline {
  /** The stages of a pass, in the order the loop runs them. */
  enum Stage {
    STORE("store list, the kind's hosts"),
    PROBE("probe, every host at once"),
    LISTING("the manager's listing, list(host) on every host at once"),
    PLANNING("drift and plan"),
    EXECUTION("execution (SURVEY only) and the report");

    final String label;

    Stage(String label) {
      this.label = label;
    }
  }

  private final Latencies passes = new Latencies();
  private final Map<Stage, Latencies> stages = new EnumMap<>(Stage.class);
  private final Map<Stage, Latencies> commandTimes = new EnumMap<>(Stage.class);
  private final Map<Stage, IntSummaryStatistics> commandCounts = new EnumMap<>(Stage.class);
  private final Latencies listCalls = new Latencies();
  private final Map<Stage, AtomicInteger> commandsThisPass = new EnumMap<>(Stage.class);

  private volatile boolean recording;
  private volatile Stage current = Stage.STORE;
  private volatile long probeStart;
  private volatile long probeEnd;
  private volatile long listingStart;
  private volatile long listingEnd;
  private volatile long planEnd;

  PassTimeline() {
    for (Stage stage : Stage.values()) {
      stages.put(stage, new Latencies());
      commandTimes.put(stage, new Latencies());
      commandCounts.put(stage, new IntSummaryStatistics());
      commandsThisPass.put(stage, new AtomicInteger());
    }
  }

  /** Runs one pass of {@code reconciler} and keeps how long each of its stages took. */
  PassReport time(Reconciler reconciler) {
    commandsThisPass.values().forEach(n -> n.set(0));
    current = Stage.STORE;
    recording = true;
    long start = System.nanoTime();
    PassReport report;
    try {
      report = reconciler.reconcileOnce();
    } finally {
      recording = false;
    }
    long end = start + report.took().toNanos();
    synchronized (this) {
      passes.add(report.took().toNanos());
      stages.get(Stage.STORE).add(probeStart - start);
      stages.get(Stage.PROBE).add(probeEnd - probeStart);
      stages.get(Stage.LISTING).add(listingEnd - listingStart);
      stages.get(Stage.PLANNING).add(planEnd - listingEnd);
      stages.get(Stage.EXECUTION).add(end - planEnd);
      commandsThisPass.forEach((stage, n) -> commandCounts.get(stage).accept(n.get()));
    }
    return report;
  }

  synchronized Latencies passes() {
    return passes;
  }

  synchronized Latencies stage(Stage stage) {
    return stages.get(stage);
  }

  /** How long each command of {@code stage} took, over every timed pass. */
  synchronized Latencies commandTimes(Stage stage) {
    return commandTimes.get(stage);
  }

  /** How many commands {@code stage} ran in the timed passes: the least, the most and the mean per pass. */
  synchronized IntSummaryStatistics commandCounts(Stage stage) {
    IntSummaryStatistics copy = new IntSummaryStatistics();
    copy.combine(commandCounts.get(stage));
    return copy;
  }

  /** How long each {@link ProcessManager#list(String)} call took, over every timed pass. */
  synchronized Latencies listCalls() {
    return listCalls;
  }

  private void command(long nanos) {
    if (recording) {
      Stage stage = current;
      commandsThisPass.get(stage).incrementAndGet();
      synchronized (this) {
        commandTimes.get(stage).add(nanos);
      }
    }
  }

  /** {@code probe}, marking the probe's stage. */
  Probe probe(Probe probe) {
    return new Probe() {
      @Override
      public Observation observe(String host) {
        return probe.observe(host);
      }

      @Override
      public List<Observation> observeAll(Collection<String> hosts) {
        current = Stage.PROBE;
        probeStart = System.nanoTime();
        try {
          return probe.observeAll(hosts);
        } finally {
          probeEnd = System.nanoTime();
          current = Stage.STORE;
        }
      }
    };
  }

  /** {@code transport}, counting each command under the stage that runs it. */
  Transport transport(Transport transport) {
    return new Transport() {
      @Override
      public CommandResult run(String host, Command command) {
        long start = System.nanoTime();
        try {
          return transport.run(host, command);
        } finally {
          command(System.nanoTime() - start);
        }
      }

      @Override
      public TcpConnection connect(String host, int port, Duration timeout) {
        return transport.connect(host, port, timeout);
      }

      @Override
      public void close() {
        transport.close();
      }
    };
  }

  /** {@code manager}, timing each {@link ProcessManager#list(String)}. */
  ProcessManager manager(ProcessManager manager) {
    return new ProcessManager() {
      @Override
      public ProcessStatus start(Spec spec) {
        return manager.start(spec);
      }

      @Override
      public ProcessStatus stop(ResourceKey key, Duration grace) {
        return manager.stop(key, grace);
      }

      @Override
      public ProcessStatus status(ResourceKey key) {
        return manager.status(key);
      }

      @Override
      public List<ProcessStatus> list() {
        return manager.list();
      }

      @Override
      public List<ProcessStatus> list(String host) {
        long start = System.nanoTime();
        try {
          return manager.list(host);
        } finally {
          if (recording) {
            long took = System.nanoTime() - start;
            synchronized (PassTimeline.this) {
              listCalls.add(took);
            }
          }
        }
      }

      @Override
      public ProcessStatus remove(ResourceKey key, Duration grace) {
        return manager.remove(key, grace);
      }

      @Override
      public Map<String, String> versions(String host) {
        return manager.versions(host);
      }

      @Override
      public void close() {
        manager.close();
      }
    };
  }

  /** {@code kind}, marking the listing (its {@code observe}) and the end of planning. */
  Kind kind(Kind kind) {
    return new Kind() {
      @Override
      public String id() {
        return kind.id();
      }

      @Override
      public Set<String> resourceKinds() {
        return kind.resourceKinds();
      }

      @Override
      public boolean owns(ResourceRecord record) {
        return kind.owns(record);
      }

      @Override
      public Set<String> hosts(List<ResourceRecord> records) {
        return kind.hosts(records);
      }

      @Override
      public List<Observation> observe(List<Observation> observations) {
        current = Stage.LISTING;
        listingStart = System.nanoTime();
        try {
          return kind.observe(observations);
        } finally {
          listingEnd = System.nanoTime();
          current = Stage.PLANNING;
        }
      }

      @Override
      public DriftRules driftRules() {
        return kind.driftRules();
      }

      @Override
      public Plan plan(PlanRequest request) {
        try {
          return kind.plan(request);
        } finally {
          planEnd = System.nanoTime();
          current = Stage.EXECUTION;
        }
      }

      @Override
      public String act(Action action, ActionContext context) {
        return kind.act(action, context);
      }

      @Override
      public Lifecycle lifecycle() {
        return kind.lifecycle();
      }

      @Override
      public Optional<String> failedState() {
        return kind.failedState();
      }

      @Override
      public Optional<StatusItem> statusItem(ResourceRecord record) {
        return kind.statusItem(record);
      }
    };
  }
}
