package dev.steward.reconcile;

import dev.steward.FirewallManager;
import dev.steward.HostMetrics;
import dev.steward.NodeSelector;
import dev.steward.Observation;
import dev.steward.Probe;
import dev.steward.ProcessManager;
import dev.steward.ResourceRecord;
import dev.steward.StateStore;
import dev.steward.drift.Drift;
import dev.steward.drift.DriftReport;
import dev.steward.drift.DriftRules;
import dev.steward.internal.firewall.NoFirewall;
import dev.steward.plan.DesiredFleet;
import dev.steward.plan.Plan;
import dev.steward.plan.PlanInput;
import dev.steward.plan.PlanPolicy;
import dev.steward.plan.Planner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Keeps fleets of nodes in their desired state. One pass ({@link #reconcileOnce}) observes every
 * host that has a fleet or a record, classifies drift, plans and carries the plan out; {@link
 * #planOnce} stops after planning (a dry run). {@link #startDaemon} runs passes on a schedule.
 *
 * <p>Passes never overlap: a pass asked for while one runs waits for it. Thread-safe. Closing the
 * reconciler stops its executor; the store, probe and managers belong to the caller.
 */
public final class Reconciler implements AutoCloseable {
  private final StateStore store;
  private final Probe probe;
  private final Planner planner;
  private final Executor executor;
  private final Supplier<List<DesiredFleet>> fleets;
  private final Clock clock;
  private final ReconcileListener listener;
  private final Object passLock = new Object();

  private Reconciler(Builder b) {
    this.store = Objects.requireNonNull(b.store, "a Reconciler needs a state store");
    this.probe = Objects.requireNonNull(b.probe, "a Reconciler needs a probe");
    ProcessManager processes = Objects.requireNonNull(b.processes, "a Reconciler needs a process manager");
    NodeSelector selector = Objects.requireNonNull(b.selector, "a Reconciler needs a node selector");
    this.fleets = Objects.requireNonNull(b.fleets, "a Reconciler needs the desired fleets");
    this.clock = b.clock;
    this.listener = b.listener;
    this.planner = new Planner(b.policy, selector);
    this.executor = new Executor(store, processes, b.firewall, b.backoff, clock, listener, b.parallelism, b.stopGrace);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Observes, plans and carries out the plan. */
  public PassReport reconcileOnce() {
    return pass(false);
  }

  /** Observes and plans, and changes nothing: the report's plan says what a real pass would do and what it would hold back. */
  public PassReport planOnce() {
    return pass(true);
  }

  /**
   * Runs a pass now and then every {@code interval} plus up to {@code jitter} at random, on a
   * thread of its own, until the daemon is stopped or its thread interrupted.
   */
  public ReconcilerDaemon startDaemon(Duration interval, Duration jitter) {
    return ReconcilerDaemon.start(this, interval, jitter, clock);
  }

  @Override
  public void close() {
    executor.close();
  }

  private PassReport pass(boolean dryRun) {
    synchronized (passLock) {
      Instant started = clock.instant();
      long startNanos = System.nanoTime();
      List<DesiredFleet> desired = List.copyOf(fleets.get());
      List<ResourceRecord> records = store.list();
      Set<String> hosts = new TreeSet<>();
      desired.forEach(f -> hosts.add(f.host()));
      records.stream().filter(r -> r.key().kind().equals(DesiredFleet.NODE_KIND)).forEach(r -> hosts.add(r.key().host()));
      List<Observation> observations = List.copyOf(probe.observeAll(hosts));
      Map<String, HostMetrics> metrics = new TreeMap<>();
      for (Observation observation : observations) {
        observation.metrics().ifPresent(m -> metrics.put(observation.host(), m));
      }
      DriftRules rules = DriftRules.builder(Set.of(DesiredFleet.NODE_KIND))
          .known(key -> desired.stream().anyMatch(f -> f.indexOf(key).isPresent()))
          .build();
      DriftReport drift = Drift.classify(records, observations, rules);
      Plan plan = planner.plan(new PlanInput(desired, records, drift, metrics, clock.instant()));
      List<ActionOutcome> outcomes = dryRun ? List.of() : executor.execute(plan.actions());
      PassReport report = new PassReport(started, Duration.ofNanos(System.nanoTime() - startNanos), dryRun,
          observations, drift, plan, outcomes);
      try {
        listener.passFinished(report);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Reconciler.class).warn("A reconcile listener failed: {}", e.toString());
      }
      return report;
    }
  }

  /** Collects a reconciler's parts; not thread-safe. */
  public static final class Builder {
    private StateStore store;
    private Probe probe;
    private ProcessManager processes;
    private FirewallManager firewall = new NoFirewall();
    private NodeSelector selector;
    private PlanPolicy policy = PlanPolicy.DEFAULT;
    private Supplier<List<DesiredFleet>> fleets;
    private Clock clock = Clock.systemUTC();
    private ReconcileListener listener = ReconcileListener.none();
    private Backoff backoff = Backoff.standard();
    private int parallelism = 8;
    private Duration stopGrace = Duration.ofSeconds(10);

    private Builder() {}

    public Builder store(StateStore store) {
      this.store = store;
      return this;
    }

    public Builder probe(Probe probe) {
      this.probe = probe;
      return this;
    }

    public Builder processManager(ProcessManager processes) {
      this.processes = processes;
      return this;
    }

    /** The firewall to open and close node ports on; by default none. */
    public Builder firewall(FirewallManager firewall) {
      this.firewall = Objects.requireNonNull(firewall, "firewall");
      return this;
    }

    public Builder selector(NodeSelector selector) {
      this.selector = selector;
      return this;
    }

    public Builder policy(PlanPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The desired fleets, asked for at the start of every pass (so a reload takes effect on the next one). */
    public Builder fleets(Supplier<List<DesiredFleet>> fleets) {
      this.fleets = fleets;
      return this;
    }

    public Builder fleets(List<DesiredFleet> fleets) {
      List<DesiredFleet> copy = List.copyOf(fleets);
      this.fleets = () -> copy;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder listener(ReconcileListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** How many actions may run at once (the budgets decide how many are planned). Default 8. */
    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /** How long a node has to stop before it is killed. Default 10 s. */
    public Builder stopGrace(Duration stopGrace) {
      this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
      return this;
    }

    public Reconciler build() {
      return new Reconciler(this);
    }
  }
}
