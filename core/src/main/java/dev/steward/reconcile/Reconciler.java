package dev.steward.reconcile;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.HostMetrics;
import dev.steward.Observation;
import dev.steward.Probe;
import dev.steward.ResourceRecord;
import dev.steward.StateStore;
import dev.steward.drift.Drift;
import dev.steward.drift.DriftReport;
import dev.steward.leader.Fencing;
import dev.steward.leader.LeaderElection;
import dev.steward.plan.Budgets;
import dev.steward.plan.HeldAction;
import dev.steward.plan.Plan;
import dev.steward.plan.PlanRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The loop: keeps every {@link Kind} of resource it is given in its desired state. One pass ({@link
 * #reconcileOnce}) observes every host a kind asks for, classifies each kind's drift, lets each kind
 * plan under the budgets the loop keeps for all of them, and carries the plan out through the kinds
 * on a bounded pool; {@link #planOnce} stops after planning (a dry run). {@link #startDaemon} runs
 * passes on a schedule.
 *
 * <p>Kinds plan in the order given, each on top of what the ones before it put in flight, so a
 * budget holds for all kinds together. The pass's plan is every kind's actions ordered by priority,
 * then type, then target.
 *
 * <p>Passes never overlap: a pass asked for while one runs waits for it. Thread-safe. Closing the
 * reconciler stops its executor; the store, probe and kinds' managers belong to the caller.
 */
public final class Reconciler implements AutoCloseable {
  private static final Comparator<Action> ORDER = Comparator.comparingInt(Action::priority)
      .thenComparing(Action::type)
      .thenComparing(Action::target);

  private final StateStore store;
  private final Probe probe;
  private final List<Kind> kinds;
  private final Budgets budgets;
  private final Executor executor;
  private final Clock clock;
  private final ReconcileListener listener;
  private final LeaderElection election;
  private final Object passLock = new Object();

  private Reconciler(Builder b) {
    this.store = Objects.requireNonNull(b.store, "a Reconciler needs a state store");
    this.probe = Objects.requireNonNull(b.probe, "a Reconciler needs a probe");
    if (b.kinds.isEmpty()) {
      throw new IllegalArgumentException("A Reconciler needs at least one kind of resource to keep, e.g. NodeKind.builder()...build()");
    }
    this.kinds = List.copyOf(b.kinds);
    Set<String> owned = new HashSet<>();
    for (Kind kind : kinds) {
      for (String resourceKind : kind.resourceKinds()) {
        if (!owned.add(resourceKind)) {
          throw new IllegalArgumentException("Two kinds given to one Reconciler both plan for '" + resourceKind
              + "' records: give each resource kind one owner");
        }
      }
    }
    this.budgets = b.budgets;
    this.clock = b.clock;
    this.listener = b.listener;
    this.election = b.election;
    // The leader's writes carry its fence: a store shared by several instances refuses them once
    // another instance has taken over, even in the middle of a pass.
    StateStore writes = election == null ? store : Fencing.fence(store, election);
    this.executor = new Executor(writes, b.backoff, clock, listener, b.parallelism);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The kinds this loop keeps, in planning order. */
  public List<Kind> kinds() {
    return kinds;
  }

  /**
   * Observes, plans and carries out the plan. With a {@linkplain Builder#leadership leader election},
   * an instance that does not lead only observes and plans, as {@link #planOnce} does, and its
   * report says so ({@link PassReport#leading()}).
   */
  public PassReport reconcileOnce() {
    return pass(false, action -> true);
  }

  /**
   * A manual action: observes and plans as {@link #reconcileOnce} does, under the same budgets and
   * lifecycles, and carries out only the planned actions {@code which} accepts; the report's
   * outcomes are theirs. What {@code which} wants but the plan held back is in {@link
   * Plan#held()}, with the reason.
   */
  public PassReport reconcileOnly(Predicate<Action> which) {
    return pass(false, Objects.requireNonNull(which, "which"));
  }

  /** Observes and plans, and changes nothing: the report's plan says what a real pass would do and what it would hold back. */
  public PassReport planOnce() {
    return pass(true, action -> true);
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

  private PassReport pass(boolean onlyPlan, Predicate<Action> which) {
    synchronized (passLock) {
      boolean leading = election == null || election.leading();
      boolean dryRun = onlyPlan || !leading;
      Instant started = clock.instant();
      long startNanos = System.nanoTime();
      List<ResourceRecord> all = store.list();
      Map<Kind, List<ResourceRecord>> records = new HashMap<>();
      Set<String> hosts = new TreeSet<>();
      for (Kind kind : kinds) {
        List<ResourceRecord> own = all.stream().filter(kind::owns).toList();
        records.put(kind, own);
        hosts.addAll(kind.hosts(own));
      }
      List<Observation> observations = List.copyOf(probe.observeAll(hosts));
      for (Kind kind : kinds) {
        observations = List.copyOf(kind.observe(observations));
      }
      Map<String, HostMetrics> metrics = new TreeMap<>();
      for (Observation observation : observations) {
        observation.metrics().ifPresent(m -> metrics.put(observation.host(), m));
      }
      Instant now = clock.instant();
      Map<ActionType, Integer> underWay = Map.of();
      List<DriftReport> drifts = new ArrayList<>();
      List<Executor.Assigned> assigned = new ArrayList<>();
      List<HeldAction> held = new ArrayList<>();
      for (Kind kind : kinds) {
        List<ResourceRecord> own = records.get(kind);
        DriftReport drift = Drift.classify(own, observations, kind.driftRules());
        Plan plan = kind.plan(new PlanRequest(own, drift, observations, metrics, now, budgets, underWay));
        underWay = atLeast(plan.underWay(), underWay, plan.actions());
        drifts.add(drift);
        plan.actions().forEach(action -> assigned.add(new Executor.Assigned(kind, action)));
        held.addAll(plan.held());
      }
      assigned.sort(Comparator.comparing(Executor.Assigned::action, ORDER));
      held.sort(Comparator.comparing(HeldAction::action, ORDER));
      Plan plan = new Plan(assigned.stream().map(Executor.Assigned::action).toList(), held, now, underWay);
      List<ActionOutcome> outcomes = dryRun ? List.of()
          : executor.executeAll(assigned.stream().filter(a -> which.test(a.action())).toList());
      PassReport report = new PassReport(started, Duration.ofNanos(System.nanoTime() - startNanos), dryRun,
          observations, DriftReport.merge(drifts), plan, outcomes, leading);
      ListenerLog.tell(() -> listener.passFinished(report));
      return report;
    }
  }

  /**
   * What is under way after a kind's plan: what it says, but never less than what was under way
   * before it plus what it planned, so a kind that forgets the earlier kinds' share cannot lift a
   * budget for the kinds after it.
   */
  private static Map<ActionType, Integer> atLeast(Map<ActionType, Integer> said, Map<ActionType, Integer> before,
      List<Action> planned) {
    Map<ActionType, Integer> floor = new EnumMap<>(ActionType.class);
    floor.putAll(before);
    planned.stream().filter(a -> a.type() != ActionType.SURVEY).forEach(a -> floor.merge(a.type(), 1, Integer::sum));
    said.forEach((type, n) -> floor.merge(type, n, Math::max));
    return floor;
  }

  /** Collects a reconciler's parts; not thread-safe. */
  public static final class Builder {
    private StateStore store;
    private Probe probe;
    private final List<Kind> kinds = new ArrayList<>();
    private Budgets budgets = Budgets.standard();
    private Clock clock = Clock.systemUTC();
    private ReconcileListener listener = ReconcileListener.none();
    private Backoff backoff = Backoff.standard();
    private int parallelism = 8;
    private LeaderElection election;

    private Builder() {}

    public Builder store(StateStore store) {
      this.store = store;
      return this;
    }

    public Builder probe(Probe probe) {
      this.probe = probe;
      return this;
    }

    /** A kind of resource to keep; kinds plan in the order they are added. */
    public Builder kind(Kind kind) {
      kinds.add(Objects.requireNonNull(kind, "kind"));
      return this;
    }

    /**
     * How many actions of each type may be in flight at once, over every kind. By default {@link
     * Budgets#standard()}: 1 UPGRADE, 2 START, 2 ADD and 1 REMOVE; {@link Budgets#unlimited()} lifts them.
     */
    public Builder budgets(Budgets budgets) {
      this.budgets = Objects.requireNonNull(budgets, "budgets");
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

    /**
     * Shares the store with other instances under {@code election}: a pass acts only while this
     * instance leads (otherwise it observes and plans, and changes nothing), and every write of an
     * action carries the leader's fence ({@link Fencing#fence}). Someone must campaign: a
     * {@link dev.steward.leader.LeaderKeeper} does, on a thread of its own.
     */
    public Builder leadership(LeaderElection election) {
      this.election = Objects.requireNonNull(election, "election");
      return this;
    }

    public Reconciler build() {
      return new Reconciler(this);
    }
  }
}
