package dev.steward.node;

import dev.steward.plan.Budgets;
import dev.steward.plan.Plan;
import static dev.steward.node.PlanFixtures.NOW;
import static dev.steward.node.PlanFixtures.changedAt;
import static dev.steward.node.PlanFixtures.fleet;
import static dev.steward.node.PlanFixtures.node;
import static dev.steward.node.PlanFixtures.selector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.HostMetrics;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.drift.DriftClass;
import dev.steward.drift.DriftEntry;
import dev.steward.node.PlanFixtures.View;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link Planner} over random fleets (with their dead-node policies and cooldowns),
 * records (each last changed some time before the plan), observations, metrics and budgets.
 * The expectations are stated from the documented rules, not computed with the planner's code.
 */
class PlannerPropertiesTest {
  private static final List<String> STATES = List.of("PLANNED", "CREATING", "STARTING", "RUNNING", "RUNNING", "RUNNING", "UPGRADING",
      "STOPPING", "STOPPED", "REMOVING", "REMOVED", "FAILED", "DEAD");
  private static final List<String> HOSTS = List.of("h1", "h2");

  /**
   * One random node: which fleet, index, state, version, whether a probe sees it, its pending
   * action, and how many seconds before the plan its record last changed (negative: after it).
   */
  record NodeCase(int fleet, int index, String state, String version, boolean seen, Optional<String> pending, boolean backingOff,
      long changedAgo) {}

  record Case(List<DesiredFleet> fleets, List<NodeCase> nodes, Map<String, Optional<HostMetrics>> metrics, Set<String> unreachable,
      Map<ActionType, Integer> budgets, String selectorId) {

    View view() {
      View view = new View();
      view.fleets(fleets.toArray(DesiredFleet[]::new));
      Set<ResourceKey> keys = new HashSet<>();
      for (NodeCase n : nodes) {
        DesiredFleet fleet = fleets.get(n.fleet() % fleets.size());
        if (!keys.add(fleet.nodeKey(n.index()))) {
          continue;
        }
        List<String> attributes = new ArrayList<>();
        n.pending().ifPresent(p -> {
          attributes.add(NodeAttributes.PENDING_ACTION);
          attributes.add(p);
        });
        if (n.backingOff()) {
          attributes.add(NodeAttributes.NEXT_ATTEMPT_AT);
          attributes.add(NOW.plusSeconds(60).toString());
        }
        ResourceRecord record = changedAt(node(fleet, n.index(), n.state(), n.version(), attributes.toArray(String[]::new)),
            NOW.minusSeconds(n.changedAgo()));
        if (n.seen()) {
          view.running(record);
        } else {
          view.unseen(record);
        }
      }
      metrics.forEach((host, m) -> m.ifPresent(x -> view.metrics(host, x)));
      unreachable.forEach(host -> view.unreachable(host, "probe of " + host + " timed out"));
      return view;
    }

    Planner planner() {
      return planner(new Budgets(budgets));
    }

    Planner planner(Budgets limits) {
      return new Planner(new PlanPolicy(Thresholds.DEFAULT, limits), selector(selectorId));
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<FleetOptions> options = Combinators.combine(Arbitraries.of(FleetOptions.DeadNodePolicy.class),
            Arbitraries.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30)))
        .as((onDead, cooldown) -> FleetOptions.DEFAULT.withOnDead(onDead).withCooldown(cooldown));
    Arbitrary<DesiredFleet> fleets = Combinators.combine(Arbitraries.of(HOSTS), Arbitraries.integers().between(0, 6), Arbitraries.of("1", "2"),
            options)
        .as((host, count, version, o) -> fleet("f", host, count, version).withOptions(o));
    Arbitrary<List<DesiredFleet>> fleetLists = fleets.list().ofMinSize(1).ofMaxSize(3).map(list -> {
      List<DesiredFleet> named = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        DesiredFleet f = list.get(i);
        named.add(fleet("f" + i, f.host(), f.count(), f.version()).withOptions(f.options()));
      }
      return named;
    });
    Arbitrary<NodeCase> nodes = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(1, 9),
        Arbitraries.of(STATES), Arbitraries.of("1", "2"), Arbitraries.of(true, true, false),
        Arbitraries.of("ADD", "START", "UPGRADE", "REMOVE", "BOGUS").optional(0.6), Arbitraries.of(true, false, false),
        Arbitraries.of(3600L, 3600L, 3600L, 31L, 30L, 29L, 1L, -5L))
        .as(NodeCase::new);
    Arbitrary<Optional<HostMetrics>> metrics = Combinators.combine(Arbitraries.of(10.0, 50.0, 85.0, 97.0), Arbitraries.of(10.0, 50.0, 85.0, 97.0),
        Arbitraries.of(2.0, 10.0, 50.0), Arbitraries.of(0.5, 2.0, 7.0, 20.0), Arbitraries.of(1, 4))
        .as(HostMetrics::new).optional(0.85);
    Arbitrary<Map<String, Optional<HostMetrics>>> hostMetrics = Combinators.combine(metrics, metrics).as((a, b) -> Map.of("h1", a, "h2", b));
    Arbitrary<Set<String>> unreachable = Arbitraries.of(HOSTS).set().ofMaxSize(1);
    Arbitrary<Map<ActionType, Integer>> budgets = Arbitraries.maps(
        Arbitraries.of(ActionType.ADD, ActionType.REMOVE, ActionType.UPGRADE, ActionType.START), Arbitraries.integers().between(1, 3))
        .ofMaxSize(4);
    return Combinators.combine(fleetLists, nodes.list().ofMaxSize(25), hostMetrics, unreachable, budgets,
        Arbitraries.of(PlanFixtures.selectorIds())).as(Case::new);
  }

  @Property
  void theSamePlanComesFromShuffledInput(@ForAll("cases") Case c, @ForAll long seed) {
    PlanInput input = c.view().input();
    Planner planner = c.planner();
    Plan first = planner.plan(input);
    List<ResourceRecord> records = new ArrayList<>(input.records());
    List<DesiredFleet> fleets = new ArrayList<>(input.fleets());
    Collections.shuffle(records, new Random(seed));
    Collections.shuffle(fleets, new Random(seed));

    Plan again = planner.plan(new PlanInput(fleets, records, input.drift(), input.metrics(), input.now()));

    assertThat(again).isEqualTo(first);
  }

  @Property
  void noTypeGetsMoreNewActionsThanItsBudgetLeaves(@ForAll("cases") Case c) {
    PlanInput input = c.view().input();

    assertWithinBudgets(input, c.planner().plan(input), c.budgets());
  }

  @Property
  void noTypeGetsMoreNewActionsThanTheStandardBudgetsLeave(@ForAll("cases") Case c) {
    PlanInput input = c.view().input();
    Map<ActionType, Integer> standard = Map.of(ActionType.UPGRADE, 1, ActionType.START, 2, ActionType.ADD, 2, ActionType.REMOVE, 1);

    assertThat(Budgets.standard().maxInFlight()).isEqualTo(standard);
    assertWithinBudgets(input, c.planner(Budgets.standard()).plan(input), standard);
  }

  /** Each type's new actions (not resumes of records counted in flight) fit in what its budget leaves. */
  private static void assertWithinBudgets(PlanInput input, Plan plan, Map<ActionType, Integer> budgets) {
    Map<ActionType, Integer> inFlight = new EnumMap<>(ActionType.class);
    Map<ResourceKey, ActionType> counted = new java.util.HashMap<>();
    for (ResourceRecord r : input.records()) {
      boolean flying = Set.of("CREATING", "STARTING", "UPGRADING", "STOPPING", "REMOVING").contains(r.state());
      Optional<String> pending = r.attribute(NodeAttributes.PENDING_ACTION);
      if (flying && pending.isPresent() && Set.of("ADD", "START", "UPGRADE", "REMOVE").contains(pending.get())) {
        ActionType type = ActionType.valueOf(pending.get());
        inFlight.merge(type, 1, Integer::sum);
        counted.put(r.key(), type);
      }
    }
    budgets.forEach((type, limit) -> {
      long fresh = plan.actions().stream().filter(a -> a.type() == type && counted.get(a.target()) != type).count();
      assertThat(fresh).as(type + " beyond a budget of " + limit + " with " + inFlight.getOrDefault(type, 0) + " in flight: " + plan)
          .isLessThanOrEqualTo(Math.max(0, limit - inFlight.getOrDefault(type, 0)));
    });
  }

  /**
   * A record of a fleet with a cooldown, changed less than the cooldown before the plan (or after
   * it), gets only what no cooldown holds: the resume of its interrupted action, or its removal
   * as a stray.
   */
  @Property
  void aNodeInItsCooldownGetsNoActionButAResumeOrAStrayRemoval(@ForAll("cases") Case c) {
    PlanInput input = c.view().input();
    Plan plan = c.planner().plan(input);

    Map<ResourceKey, ResourceRecord> cooling = new java.util.HashMap<>();
    for (ResourceRecord r : input.records()) {
      Duration cooldown = fleetOf(input, r).options().cooldown();
      if (!r.state().equals("REMOVED") && !cooldown.isZero() && r.updatedAt().isAfter(input.now().minus(cooldown))) {
        cooling.put(r.key(), r);
      }
    }
    for (Action action : plan.actions()) {
      ResourceRecord r = cooling.get(action.target());
      if (r == null) {
        continue;
      }
      boolean resume = action.priority() == 0 && IN_FLIGHT.contains(r.state());
      boolean stray = action.priority() == 1 && action.type() == ActionType.REMOVE;
      assertThat(resume || stray).as("%s on %s, changed at %s, cooling at %s", action.type(), r.key(), r.updatedAt(), input.now()).isTrue();
    }
  }

  @Property
  void aFleetThatRemovesDeadNodesNeverStartsOne(@ForAll("cases") Case c) {
    PlanInput input = c.view().input();
    Plan plan = c.planner().plan(input);

    Set<ResourceKey> dead = new HashSet<>();
    for (DriftEntry entry : input.drift().entries()) {
      entry.record().filter(r -> fleetOf(input, r).options().onDead() == FleetOptions.DeadNodePolicy.REMOVE)
          .filter(r -> r.state().equals("DEAD") || (r.state().equals("RUNNING") && entry.drift() == DriftClass.STALE))
          .ifPresent(r -> dead.add(r.key()));
    }
    assertThat(plan.actions()).filteredOn(a -> dead.contains(a.target())).allSatisfy(a -> assertThat(a.type()).isEqualTo(ActionType.REMOVE));
  }

  private static final Set<String> IN_FLIGHT = Set.of("CREATING", "STARTING", "UPGRADING", "STOPPING", "REMOVING");

  /** The fleet a record of these cases was made for: the one its attribute names, on its host. */
  private static DesiredFleet fleetOf(PlanInput input, ResourceRecord r) {
    return input.fleets().stream()
        .filter(f -> f.name().equals(r.attributes().get(NodeAttributes.FLEET)) && f.host().equals(r.key().host()))
        .findFirst().orElseThrow();
  }

  @Property
  void aHostThatCouldNotBeObservedGetsNoRemovalAndNoAddition(@ForAll("cases") Case c) {
    Plan plan = c.planner().plan(c.view().input());

    assertThat(plan.actions())
        .filteredOn(a -> a.type() == ActionType.ADD || a.type() == ActionType.REMOVE)
        .allSatisfy(a -> assertThat(c.unreachable()).doesNotContain(a.target().host()));
  }

  @Property
  void nothingIsAddedToAHostPastARemovalThreshold(@ForAll("cases") Case c) {
    Plan plan = c.planner().plan(c.view().input());
    Thresholds t = Thresholds.DEFAULT;

    for (Action add : plan.actions()) {
      if (add.type() != ActionType.ADD || add.priority() == 0) {
        continue; // a resumed ADD finishes what was already started
      }
      HostMetrics m = c.metrics().get(add.target().host()).orElseThrow();
      assertThat(m.cpuPercent() > t.cpuRemoveAbove() || m.memoryUsedPercent() > t.memoryRemoveAbove()
          || m.diskFreePercent() < t.diskFreeCrisisBelow() || m.load1() / m.cpus() > t.loadPerCpuRemoveAbove())
          .as("ADD %s on a host with %s", add.target(), m).isFalse();
    }
  }

  @Property
  void everyTargetGetsAtMostOneAction(@ForAll("cases") Case c) {
    Plan plan = c.planner().plan(c.view().input());

    List<ResourceKey> targets = new ArrayList<>();
    plan.actions().forEach(a -> targets.add(a.target()));
    plan.held().forEach(h -> targets.add(h.action().target()));
    assertThat(targets).doesNotHaveDuplicates();
  }

  /**
   * Runs passes against a simulated fleet where every action succeeds at once and every host is
   * calm and reachable: ADD and START leave a running node, REMOVE takes it away, and 20 seconds
   * pass between passes (so cooldowns end). Within a few passes each fleet has exactly its count of
   * nodes, and the plan only surveys.
   */
  @Property(tries = 300)
  void applyingPlansReachesTheDesiredCount(@ForAll("cases") Case c) {
    Case calm = new Case(c.fleets(), c.nodes().stream().map(n -> new NodeCase(n.fleet(), n.index(), n.state(), n.version(), n.seen(),
        n.pending(), false, n.changedAgo())).toList(), Map.of("h1", Optional.of(PlanFixtures.CALM), "h2", Optional.of(PlanFixtures.CALM)), Set.of(),
        c.budgets(), c.selectorId());
    View view = calm.view();
    Planner planner = calm.planner();
    Plan plan = null;
    for (int pass = 0; pass < 40; pass++) {
      plan = planner.plan(view.input());
      if (plan.isQuiet() && plan.held().isEmpty()) {
        break;
      }
      view = apply(view, plan);
    }

    assertThat(plan.isQuiet() && plan.held().isEmpty()).as("still planning after 40 passes: " + plan).isTrue();
    for (DesiredFleet fleet : calm.fleets()) {
      long live = view.records.stream().filter(r -> fleet.indexOf(r.key()).isPresent() && !r.state().equals("REMOVED")).count();
      assertThat(live).as(fleet.name()).isEqualTo(fleet.count());
    }
  }

  private static View apply(View before, Plan plan) {
    View after = new View();
    after.now = before.now.plusSeconds(20);
    Instant now = after.now;
    after.fleets(before.fleets.toArray(DesiredFleet[]::new));
    after.metrics.putAll(before.metrics);
    Map<ResourceKey, ResourceRecord> records = new java.util.TreeMap<>();
    before.records.forEach(r -> records.put(r.key(), r));
    Set<ResourceKey> seen = new HashSet<>(before.seen);
    for (Action action : plan.actions()) {
      ResourceKey key = action.target();
      switch (action.type()) {
        case ADD, START, UPGRADE -> {
          ResourceRecord record = records.containsKey(key)
              ? records.get(key).withState("RUNNING", action.reason(), now).withSpec(action.spec().orElseThrow(), now)
              : ResourceRecord.create(key, "node", "RUNNING", action.reason(), now).withSpec(action.spec().orElseThrow(), now);
          Map<String, String> attributes = new java.util.HashMap<>(record.attributes());
          attributes.remove(NodeAttributes.PENDING_ACTION);
          attributes.remove(NodeAttributes.NEXT_ATTEMPT_AT);
          records.put(key, record.withAttributes(attributes, now));
          seen.add(key);
        }
        case REMOVE -> {
          if (records.containsKey(key)) {
            records.put(key, records.get(key).withState("REMOVED", action.reason(), now));
          }
          seen.remove(key);
        }
        default -> { }
      }
    }
    for (ResourceRecord record : records.values()) {
      after.records.add(record);
    }
    after.seen.addAll(seen);
    return after;
  }
}
