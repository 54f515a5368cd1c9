package dev.steward.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.CoreSettings;
import dev.steward.Failures;
import dev.steward.HostMetrics;
import dev.steward.Observation;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.StewardException;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.drift.Drift;
import dev.steward.drift.DriftClass;
import dev.steward.drift.DriftEntry;
import dev.steward.drift.DriftReport;
import dev.steward.Lifecycle;
import dev.steward.plan.Budgets;
import dev.steward.plan.HeldAction;
import dev.steward.plan.Plan;
import dev.steward.plan.PlanRequest;
import dev.steward.reconcile.ActionOutcome;
import dev.steward.reconcile.Backoff;
import dev.steward.reconcile.Executor;
import dev.steward.reconcile.Kind;
import dev.steward.reconcile.ReconcileListener;
import dev.steward.reconcile.RecordAttributes;
import dev.steward.spi.KindProvider;
import dev.steward.spi.ProviderContext;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Kind} must have, whatever it keeps: it owns valid resource kinds, asks
 * to observe the hosts of its records, plans as a pure function of the loop's request (the same
 * plan for the same request, whatever the order of its lists, made for the request's time), keeps
 * the budgets the loop hands it and counts what it puts in flight on top of what the kinds before
 * it took, never changes a record whose host could not be observed, and carries out what it plans.
 *
 * <p>The contract plays the loop's part exactly as {@link dev.steward.reconcile.Reconciler} does:
 * for each plan it asks {@link Kind#hosts}, then {@link Kind#driftRules}, classifies the drift with
 * {@link Drift#classify} and calls {@link Kind#plan}.
 *
 * <p>The subclass hands in what its kind is built from ({@link #context}: the components its
 * provider requires, such as the desired state) and a situation that gives the kind work to do:
 * {@link #records()} in the store and what the probe sees on each host ({@link #observe}). The
 * checks on plans need work to check: the desired state should want something the records lack,
 * with two or more actions of one type, so budgets have something to hold.
 */
public abstract class KindContract extends ProviderContract<KindProvider, Kind> {
  /** The host the contract's own records live on in the checks about hosts and unreachable hosts. */
  protected static final String FAR_HOST = "far-host";
  /** What {@link #observe} reports by default: a quiet host, on the safe side of any add threshold. */
  protected static final HostMetrics CALM = new HostMetrics(10, 20, 80, 0.2, 4);

  /** The clock the kind is given; its records are made at its time. Plans are made an hour later. */
  protected final MutableClock clock = MutableClock.startingAtEpochOf2026();
  protected Kind kind;

  protected KindContract() {
    super(ExtensionPoint.KIND);
  }

  @BeforeEach
  void createKind() {
    Settings settings = settings().clock(clock).set(CoreSettings.KIND, providerId()).build();
    kind = registry().create(ExtensionPoint.KIND, context(settings));
  }

  /**
   * Where the kind's provider is found: by default everything on the class path, as an embedder
   * finds it. A plugin loaded from elsewhere hands in its own registry.
   */
  protected ProviderRegistry registry() {
    return ProviderRegistry.discover();
  }

  /**
   * What the kind is built from: {@code settings} (the subclass's {@link #settings()}, the
   * contract's clock and the selection of {@link #providerId()}) plus the live parts its provider
   * requires, handed in with {@link ProviderContext#with}. By default only the settings, and a
   * transport that refuses to be made: planning needs none.
   */
  protected ProviderContext context(Settings settings) {
    return ProviderContext.of(settings, () -> {
      throw new StewardException("The kind contract gives no transport: override KindContract.context to hand one in");
    });
  }

  /**
   * The records of the kind in the store when it plans: by default none. Make them with {@link
   * #record}, at the contract's clock.
   */
  protected List<ResourceRecord> records() {
    return List.of();
  }

  /**
   * What the probe sees on {@code host} at {@code at}: by default the host is reached, nothing of
   * the kind is there and its metrics are {@link #CALM}.
   */
  protected Observation observe(String host, Instant at) {
    return Observation.reached(host, at, List.of(), CALM);
  }

  /** A record of the kind, in its lifecycle, made at the contract's clock. */
  protected final ResourceRecord record(ResourceKey key, String state, Optional<Spec> spec, Map<String, String> attributes) {
    Instant at = clock.instant();
    return new ResourceRecord(key, kind.lifecycle().name(), state, "made by the kind contract", spec, attributes, at, at,
        Failures.none(), 1);
  }

  /** When the contract's plans are made for: an hour after the clock the kind was given, so a plan read from it shows. */
  protected final Instant planTime() {
    return clock.instant().plus(Duration.ofHours(1));
  }

  @Test
  @DisplayName("has its provider's id, which is one of the valid resource kinds it plans for")
  void hasItsProvidersIdAmongItsResourceKinds() {
    assertThat(kind.id()).isEqualTo(providerId());
    assertThat(kind.resourceKinds()).contains(kind.id());
    for (String resourceKind : kind.resourceKinds()) {
      assertThatCode(() -> ResourceKey.local(resourceKind, "x")).as("resource kind '%s'", resourceKind)
          .doesNotThrowAnyException();
    }
  }

  @Test
  @DisplayName("asks to observe the host of every record it owns, besides the hosts of what it wants")
  void asksToObserveTheHostsOfItsRecords() {
    Set<String> wanted = kind.hosts(List.of());
    assertThat(kind.hosts(List.of())).as("asked twice with nothing recorded").isEqualTo(wanted);
    List<ResourceRecord> records = new ArrayList<>(records());
    records.add(record(ResourceKey.of(kind.id(), "far-1", FAR_HOST), kind.lifecycle().initialState(), Optional.empty(), Map.of()));
    records.add(record(ResourceKey.of(kind.id(), "far-2", FAR_HOST + "-2"), kind.lifecycle().initialState(), Optional.empty(),
        Map.of()));
    // The loop hands a kind only the records it owns (a kind of one server owns none of another's).
    records.removeIf(record -> !kind.owns(record));
    assertThat(records).as("the kind owns the records of its own fixture").containsAll(records());

    Set<String> hosts = kind.hosts(records);

    assertThat(hosts).containsAll(wanted);
    assertThat(hosts).containsAll(records.stream().map(r -> r.key().host()).collect(Collectors.toSet()));
  }

  @Test
  @DisplayName("compares with drift rules that cover every resource kind it plans for")
  void driftRulesCoverItsResourceKinds() {
    kind.hosts(records());

    assertThat(kind.driftRules().kinds()).containsAll(kind.resourceKinds());
  }

  @Test
  @DisplayName("has a lifecycle, and a failed state in it that some other state may move to and that is retried, not terminal")
  void hasALifecycleWithItsFailedState() {
    Lifecycle lifecycle = kind.lifecycle();

    assertThat(lifecycle).isNotNull();
    kind.failedState().ifPresent(failed -> {
      assertThat(lifecycle.states()).as("states of lifecycle '%s'", lifecycle.name()).contains(failed);
      assertThat(lifecycle.isTerminal(failed)).as("%s is terminal", failed).isFalse();
      assertThat(lifecycle.states()).as("states that may move to %s", failed)
          .anySatisfy(state -> assertThat(!state.equals(failed) && lifecycle.allows(state, failed)).isTrue());
    });
  }

  @Test
  @DisplayName("plans only for its own resource kinds, in order of priority, type and target, for the request's time")
  void plansForItsOwnKindsInOrderAtTheRequestsTime() {
    Planned planned = plan(records(), this::observe, Budgets.unlimited(), Map.of());
    Plan plan = planned.plan();

    assertThat(changes(plan.actions())).as("the actions of the fixture: give the kind work to do").isNotEmpty();
    List<Action> all = new ArrayList<>(plan.actions());
    plan.held().forEach(held -> all.add(held.action()));
    assertThat(changes(all)).allSatisfy(action ->
        assertThat(kind.resourceKinds()).as("the kind of %s", action.target()).contains(action.target().kind()));
    assertThat(plan.actions()).isSortedAccordingTo(ORDER);
    assertThat(plan.held()).extracting(HeldAction::action).isSortedAccordingTo(ORDER);
    assertThat(plan.at()).isEqualTo(planned.request().now());
  }

  @RepeatedTest(5)
  @DisplayName("plans the same from the same request, whatever the order of its records and observations")
  void plansTheSameWhateverTheOrder(RepetitionInfo repetition) {
    Random random = new Random(repetition.getCurrentRepetition());
    List<ResourceRecord> records = records();

    Plan first = plan(records, this::observe, Budgets.unlimited(), Map.of()).plan();
    Plan again = plan(records, this::observe, Budgets.unlimited(), Map.of()).plan();
    List<ResourceRecord> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, random);
    List<Observation> observations = new ArrayList<>();
    kind.hosts(shuffled).forEach(host -> observations.add(observe(host, planTime())));
    Collections.shuffle(observations, random);
    DriftReport drift = Drift.classify(shuffled, observations, kind.driftRules());
    Plan reordered = kind.plan(new PlanRequest(shuffled, drift, observations, metricsOf(observations), planTime(),
        Budgets.unlimited(), Map.of()));

    assertThat(again).isEqualTo(first);
    assertThat(reordered).isEqualTo(first);
  }

  @Test
  @DisplayName("counts what it plans on top of what the kinds before it put in flight")
  void countsItsActionsOnTopOfWhatIsUnderWay() {
    Map<ActionType, Integer> before = new EnumMap<>(ActionType.class);
    for (ActionType type : budgetedTypes()) {
      before.put(type, 5);
    }

    Plan plan = plan(records(), this::observe, Budgets.unlimited(), before).plan();

    for (ActionType type : budgetedTypes()) {
      long own = plan.actions().stream().filter(a -> a.type() == type).count();
      assertThat(plan.underWay(type)).as("%s under way after the plan", type).isGreaterThanOrEqualTo(5 + (int) own);
    }
  }

  @Test
  @DisplayName("plans no new action of a type whose budget the kinds before it used up, and holds what it would have done")
  void holdsWhatAUsedUpBudgetForbids() {
    List<ResourceRecord> records = records();
    Plan free = plan(records, this::observe, Budgets.unlimited(), Map.of()).plan();
    assertThat(changes(free.actions())).as("the actions of the fixture: give the kind work to do").isNotEmpty();
    Map<ActionType, Integer> usedUp = new EnumMap<>(ActionType.class);
    Budgets ones = Budgets.unlimited();
    for (ActionType type : budgetedTypes()) {
      ones = ones.with(type, 1);
      usedUp.put(type, 1);
    }

    Plan plan = plan(records, this::observe, ones, usedUp).plan();

    assertThat(changes(plan.actions())).as("new actions planned with every budget used up")
        .allSatisfy(action -> assertThat(finishes(action, records)).isTrue());
    assertHeldIfNotPlanned(free, plan);
    for (ActionType type : budgetedTypes()) {
      assertThat(plan.underWay(type)).as("%s under way after the plan", type).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  @DisplayName("plans no more new actions of a type than its budget allows, and holds the rest")
  void keepsWithinTheBudgets() {
    List<ResourceRecord> records = records();
    Plan free = plan(records, this::observe, Budgets.unlimited(), Map.of()).plan();
    Budgets ones = Budgets.unlimited();
    for (ActionType type : budgetedTypes()) {
      ones = ones.with(type, 1);
    }

    Plan plan = plan(records, this::observe, ones, Map.of()).plan();

    for (ActionType type : budgetedTypes()) {
      assertThat(plan.actions().stream().filter(a -> a.type() == type && !finishes(a, records)))
          .as("new %s actions planned with a budget of 1", type).hasSizeLessThanOrEqualTo(1);
    }
    assertHeldIfNotPlanned(free, plan);
  }

  @Test
  @DisplayName("changes no record whose host could not be observed, whatever its state")
  void changesNothingOnAHostThatCouldNotBeObserved() {
    List<ResourceRecord> records = new ArrayList<>(records());
    for (String state : kind.lifecycle().states()) {
      if (!kind.lifecycle().isTerminal(state)) {
        records.add(record(ResourceKey.of(kind.id(), "contract-" + state.toLowerCase(Locale.ROOT), FAR_HOST), state,
            Optional.empty(), Map.of()));
      }
    }

    Planned planned = plan(records, host -> Observation.unreachable(host, planTime(), "connection refused"),
        Budgets.unlimited(), Map.of());

    Set<ResourceKey> unknown = planned.request().drift().of(DriftClass.UNKNOWN).stream().map(DriftEntry::key)
        .collect(Collectors.toSet());
    assertThat(unknown).as("records on hosts that could not be observed").isNotEmpty();
    assertThat(changes(planned.plan().actions())).as("actions planned while no host could be observed")
        .noneSatisfy(action -> assertThat(unknown).contains(action.target()));
  }

  @Test
  @DisplayName("shows a record in any state of its lifecycle, if at all, as one of its kinds in the record's state")
  void showsRecordsInTheirState() {
    for (String state : kind.lifecycle().states()) {
      ResourceRecord record = record(ResourceKey.local(kind.id(), "shown-" + state.toLowerCase(Locale.ROOT)), state,
          Optional.empty(), Map.of());

      kind.statusItem(record).ifPresent(item -> {
        assertThat(item.kind()).as("the kind of the item of a %s record", state).isIn(kind.resourceKinds());
        assertThat(item.state()).as("the state of the item of a %s record", state).isEqualTo(state);
      });
    }
  }

  @Test
  @DisplayName("carries out what it plans from an empty store, making records of its own kinds in its lifecycle")
  void carriesOutWhatItPlans() {
    Settings storeSettings = Settings.builder().set(CoreSettings.STATE_STORE, "memory").clock(clock)
        .lifecycles(kind.lifecycle()).build();
    StateStore store = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE, storeSettings);
    try (Executor executor = new Executor(store, Backoff.standard(), clock, ReconcileListener.none(), 2)) {
      Plan plan = plan(store.list(), this::observe, Budgets.unlimited(), Map.of()).plan();
      assertThat(changes(plan.actions())).as("the actions planned for an empty store: give the kind work to do").isNotEmpty();

      List<ActionOutcome> outcomes = executor.execute(kind, plan.actions());

      assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.result()).as("%s: %s", outcome.action(), outcome.detail())
          .isEqualTo(ActionOutcome.Result.DONE));
      assertThat(store.list()).as("records made").isNotEmpty().allSatisfy(record -> {
        assertThat(kind.resourceKinds()).contains(record.key().kind());
        assertThat(record.lifecycle()).isEqualTo(kind.lifecycle().name());
        assertThat(kind.lifecycle().states()).contains(record.state());
      });
    } finally {
      store.close();
    }
  }

  /** A plan and the request it was made from. */
  private record Planned(PlanRequest request, Plan plan) {}

  /** One pass's planning, as the loop does it: hosts, drift rules, drift, plan. */
  private Planned plan(List<ResourceRecord> records, Function<String, Observation> probe, Budgets budgets,
      Map<ActionType, Integer> underWay) {
    List<Observation> observations = new ArrayList<>();
    kind.hosts(records).forEach(host -> observations.add(probe.apply(host)));
    DriftReport drift = Drift.classify(records, observations, kind.driftRules());
    PlanRequest request = new PlanRequest(records, drift, observations, metricsOf(observations), planTime(), budgets, underWay);
    return new Planned(request, kind.plan(request));
  }

  private Observation observe(String host) {
    return observe(host, planTime());
  }

  private static Map<String, HostMetrics> metricsOf(List<Observation> observations) {
    Map<String, HostMetrics> metrics = new TreeMap<>();
    observations.forEach(o -> o.metrics().ifPresent(m -> metrics.put(o.host(), m)));
    return metrics;
  }

  private static final Comparator<Action> ORDER = Comparator.comparingInt(Action::priority)
      .thenComparing(Action::type)
      .thenComparing(Action::target);

  /** Every type a budget can hold: a survey changes nothing, so it is never held by one. */
  private static List<ActionType> budgetedTypes() {
    List<ActionType> types = new ArrayList<>(List.of(ActionType.values()));
    types.remove(ActionType.SURVEY);
    return types;
  }

  /** The actions that change something: all but surveys. */
  private static List<Action> changes(List<Action> actions) {
    return actions.stream().filter(a -> a.type() != ActionType.SURVEY).toList();
  }

  /** Whether {@code action} finishes what a record says was under way, which took its budget already. */
  private static boolean finishes(Action action, List<ResourceRecord> records) {
    return records.stream().anyMatch(r -> r.key().equals(action.target())
        && r.attribute(RecordAttributes.PENDING_ACTION).filter(action.type().name()::equals).isPresent());
  }

  /** Every change {@code free} planned that {@code limited} did not is held in {@code limited}, with a reason. */
  private static void assertHeldIfNotPlanned(Plan free, Plan limited) {
    for (Action action : changes(free.actions())) {
      boolean planned = limited.actions().stream().anyMatch(a -> a.type() == action.type() && a.target().equals(action.target()));
      if (!planned) {
        assertThat(limited.held()).as("held actions").extracting(HeldAction::action)
            .anySatisfy(held -> {
              assertThat(held.type()).isEqualTo(action.type());
              assertThat(held.target()).isEqualTo(action.target());
            });
      }
    }
  }
}
