package dev.steward.node;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.HostMetrics;
import dev.steward.NodeSelector;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.StewardException;
import dev.steward.drift.DriftClass;
import dev.steward.drift.DriftEntry;
import dev.steward.NodeLifecycle;
import dev.steward.plan.BudgetGate;
import dev.steward.plan.Budgets;
import dev.steward.plan.HeldAction;
import dev.steward.plan.Plan;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The decision engine: from a {@link PlanInput} and a {@link PlanPolicy}, the {@link Plan} of this
 * pass. A pure function of its input: no I/O, no clock (the time is {@link PlanInput#now()}), and
 * the same input always gives the same plan, whatever the order of its lists.
 *
 * <p>A node belongs to fleet F when its record's key is one of F's node keys
 * ({@link DesiredFleet#indexOf}) and its attribute {@value NodeAttributes#FLEET} is F's name or
 * absent. Records in {@code REMOVED} do not count. Each target gets at most one action per plan;
 * the first rule below that claims it wins. The rules, per fleet:
 * <ol>
 *   <li><b>Priority 0, finish what a crash interrupted.</b> A record in an in-flight state
 *       ({@code CREATING STARTING UPGRADING STOPPING REMOVING}) gets the action its
 *       {@value NodeAttributes#PENDING_ACTION} attribute names again; without one (or with one that
 *       names no action), CREATING and STARTING get START, UPGRADING gets UPGRADE, STOPPING and
 *       REMOVING get REMOVE. This holds for every node record, also one whose fleet is no longer
 *       desired (its own spec is then used). Records of no desired fleet get nothing else.
 *   <li><b>Priority 0, dead or failed nodes first.</b> A node is dead when its record says RUNNING
 *       and its drift is STALE (its process is gone), or its record says DEAD. What happens to it is
 *       the fleet's {@link FleetOptions#onDead()}:
 *       <ul>
 *         <li>{@link FleetOptions.DeadNodePolicy#RESTART RESTART} (the default): a vanished RUNNING
 *             node gets START ("not found on HOST: restarting"); a DEAD one gets START as a FAILED
 *             one does, below ("record says DEAD: starting again").
 *         <li>{@link FleetOptions.DeadNodePolicy#REMOVE REMOVE}: it gets REMOVE ("fleet web: web-2
 *             died; the fleet removes dead nodes (on_dead: remove)"). It no longer counts as live, so
 *             rule 6 adds a fresh node at a free index (its own index stays taken until its record
 *             says REMOVED), in this pass or, when held, a later one.
 *       </ul>
 *       A node in FAILED (a start that failed) gets START once its {@value NodeAttributes#NEXT_ATTEMPT_AT}
 *       is absent or not after now ("record says FAILED after N failures: starting again"), and is
 *       held ("backing off after N failures until T") before that, whatever the fleet's
 *       {@code onDead}. A node in PLANNED (an addition a crash cut short) or STOPPED that the fleet
 *       still counts gets START the same way. When the fleet has more live nodes than it wants,
 *       these nodes are removed instead (REMOVE, priority 0): they are the cheapest victims.
 *   <li><b>Priority 1, strays.</b> An ORPHAN drift entry of kind {@value DesiredFleet#NODE_KIND}
 *       (found running, but not recorded or recorded as absent or gone) gets REMOVE. UNKNOWN
 *       entries get nothing: what cannot be seen is never cleaned up, and every action on a host
 *       with an UNKNOWN entry is held with the drift's reason ("host X could not be observed: ...").
 *   <li><b>Priority 2, removals.</b> The live nodes of a fleet are those not already being removed
 *       (in flight towards REMOVE, or claimed by rule 3). When there are more than the fleet's
 *       count, the excess goes ("fleet web has 5 nodes and wants 3"): FAILED nodes, and dead ones
 *       that the fleet restarts, first (rule 2), then PLANNED and STOPPED ones, then RUNNING ones
 *       chosen by the {@link NodeSelector}. When a figure of the fleet's host crosses a removal threshold
 *       (CPU above {@link Thresholds#cpuRemoveAbove}, memory above
 *       {@link Thresholds#memoryRemoveAbove}, free disk below {@link Thresholds#diskFreeCrisisBelow},
 *       load per CPU above {@link Thresholds#loadPerCpuRemoveAbove}), the fleet also gives up one
 *       RUNNING node per pass, chosen by the selector ("cpu 97% is above the removal threshold
 *       95%"), unless a RUNNING node is among the excess already or a node of the fleet is already
 *       being removed.
 *   <li><b>Priority 3, upgrades.</b> A RUNNING node whose spec's {@value ProcessSpec#VERSION} differs
 *       from the fleet's version gets UPGRADE towards {@link DesiredFleet#specFor} ("runs 1.0,
 *       wants 2.0"); held "not while removing" while the fleet has a removal due or under way.
 *   <li><b>Priority 4, additions.</b> When live nodes are fewer than the count, the lowest free
 *       indexes get ADD with {@link DesiredFleet#specFor}, but only when the host has metrics and
 *       every figure is on the safe side of its add threshold; otherwise the additions are held
 *       with the figure ("cpu 85% is not below the add threshold 80%") or "no metrics for host X".
 *   <li><b>Priority 9.</b> A fleet with no other planned action gets SURVEY on
 *       {@code fleet/<name>@<host>}.
 * </ol>
 *
 * <p><b>Budgets.</b> {@link Budgets#limit} caps the actions of a type in flight at once. Records
 * already in flight count: a record in an in-flight state whose {@value NodeAttributes#PENDING_ACTION}
 * names type T is one T under way, and re-issuing its action (rule 1) takes no budget again.
 * Actions are admitted in order of priority, then type, then rank within their fleet (the
 * selector's order for removals, index order otherwise, so fleets take turns), then key; those
 * beyond a budget are held ("budget: at most 1 UPGRADE in flight, 1 under way").
 *
 * <p><b>Cooldown.</b> A fleet's {@link FleetOptions#cooldown()} is the least time between two
 * changes of one node. An action of rules 2, 4 and 5 on a node whose record's
 * {@link ResourceRecord#updatedAt()} (its last transition, or the last change of its attributes or
 * spec) is after now minus the cooldown is held ("cooling down: last change 12s ago, cooldown
 * 30s"), so a node that flaps is not restarted, removed or upgraded again at once. A zero cooldown
 * holds nothing. Resumes (rule 1) and strays (rule 3) are never held by a cooldown: the one
 * finishes a change already begun, the other is nothing the fleet runs. Additions are of nodes
 * without a live record, so nothing holds them either. Another reason to hold (a host that could
 * not be observed, a backoff, a threshold, "not while removing") wins over the cooldown, and a
 * cooling action takes no budget. A removal the selector chose is held, not handed to another
 * node: the selector's order stands.
 *
 * <p><b>Order.</b> Planned and held actions are each ordered by priority, then {@link ActionType}
 * ordinal, then target key. {@link Plan#at()} is {@link PlanInput#now()}.
 *
 * <p>Work is linear in the number of records (plus sorting each fleet's nodes by index): records
 * are indexed by fleet once, and the selector is called at most once per fleet.
 *
 * <p>Immutable and thread-safe (the selector must be thread-safe, as {@link NodeSelector} requires).
 */
public final class Planner {
  /**
   * Whether an action is under way in {@code state}, so a crash there must be finished: CREATING,
   * STARTING, UPGRADING, STOPPING, REMOVING. Compared, not hashed: a record's state string may be
   * a new one each time, and this runs once per record.
   */
  static boolean isInFlight(String state) {
    return state.equals(NodeLifecycle.CREATING) || state.equals(NodeLifecycle.STARTING) || state.equals(NodeLifecycle.UPGRADING)
        || state.equals(NodeLifecycle.STOPPING) || state.equals(NodeLifecycle.REMOVING);
  }

  static final int PRIORITY_URGENT = 0;
  static final int PRIORITY_STRAY = 1;
  static final int PRIORITY_REMOVE = 2;
  static final int PRIORITY_UPGRADE = 3;
  static final int PRIORITY_ADD = 4;
  static final int PRIORITY_SURVEY = 9;

  /** The kind of the target of a fleet's SURVEY. */
  public static final String FLEET_KIND = "fleet";

  private static final Map<String, ActionType> ACTION_NAMES = actionNames();

  private final PlanPolicy policy;
  private final NodeSelector selector;

  public Planner(PlanPolicy policy, NodeSelector selector) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.selector = Objects.requireNonNull(selector, "selector");
  }

  public PlanPolicy policy() {
    return policy;
  }

  /**
   * The plan for {@code input}.
   *
   * @throws IllegalArgumentException when two records of one fleet have the same key
   * @throws StewardException when the selector fails, or names a node that was not a candidate
   */
  public Plan plan(PlanInput input) {
    return plan(input, policy.budgets(), Map.of());
  }

  /**
   * The plan for {@code input} under {@code budgets} (instead of the policy's), with {@code
   * underWay} in flight already, as the loop plans a kind among others: the plan's {@link
   * Plan#underWay()} adds this fleet's records in flight and its planned actions.
   */
  public Plan plan(PlanInput input, Budgets budgets, Map<ActionType, Integer> underWay) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(budgets, "budgets");
    return new Pass(input, budgets, underWay).run();
  }

  /** The action a pending_action attribute names, if it names one. */
  static Optional<ActionType> actionNamed(String name) {
    return Optional.ofNullable(ACTION_NAMES.get(name));
  }

  private static Map<String, ActionType> actionNames() {
    Map<String, ActionType> names = new HashMap<>();
    for (ActionType type : ActionType.values()) {
      names.put(type.name(), type);
    }
    return Map.copyOf(names);
  }

  /** A node record of a desired fleet, as this pass sees it. */
  private static final class Node {
    final ResourceRecord record;
    final int index;
    /** Null when OK (or PARTIAL, which nodes do not have). */
    final DriftClass drift;
    /** Its place among its fleet's nodes by index: its rank for budgets. */
    int position;
    boolean claimed;

    Node(ResourceRecord record, int index, DriftClass drift) {
      this.record = record;
      this.index = index;
      this.drift = drift;
    }

    String state() {
      return record.state();
    }

    boolean isVanished() {
      return drift == DriftClass.STALE && NodeLifecycle.RUNNING.equals(record.state());
    }

    boolean isDeadOrFailed() {
      return NodeLifecycle.FAILED.equals(record.state()) || NodeLifecycle.DEAD.equals(record.state());
    }

    /** Its process died: gone while its record says RUNNING, or recorded as DEAD. Not FAILED, which is a start that failed. */
    boolean isDead() {
      return isVanished() || NodeLifecycle.DEAD.equals(record.state());
    }

    boolean isIdle() {
      return NodeLifecycle.PLANNED.equals(record.state()) || NodeLifecycle.STOPPED.equals(record.state());
    }

    boolean isRunning() {
      return NodeLifecycle.RUNNING.equals(record.state()) && drift != DriftClass.STALE;
    }
  }

  /** One fleet's nodes, sorted by index once collected. */
  private static final class FleetNodes {
    final DesiredFleet fleet;
    List<Node> nodes = new ArrayList<>();
    /** Indexes none of the fleet's nodes holds that are still not free this pass: strays, records another fleet claims. */
    final List<Integer> takenIndexes = new ArrayList<>();
    boolean hasPlannedAction;
    int live;
    /** The fleet's place in name order: the budget's tie-break between fleets, cheaper than keys. */
    int order;

    FleetNodes(DesiredFleet fleet) {
      this.fleet = fleet;
    }
  }

  /** An action before budgets: what it is, how it ranks, and whether it takes budget. */
  private static final class Candidate {
    final ActionType type;
    final ResourceKey target;
    final int priority;
    final String reason;
    final FleetNodes fleet;
    final int index;
    final Optional<Spec> ownSpec;
    final int rank;
    final boolean takesBudget;
    /** The node the action is for, when its record's last change may hold it (a cooldown); null otherwise. */
    Node node;
    String heldBecause;

    Candidate(ActionType type, ResourceKey target, int priority, String reason, FleetNodes fleet, int index,
        Optional<Spec> ownSpec, int rank, boolean takesBudget) {
      this.type = type;
      this.target = target;
      this.priority = priority;
      this.reason = reason;
      this.fleet = fleet;
      this.index = index;
      this.ownSpec = ownSpec;
      this.rank = rank;
      this.takesBudget = takesBudget;
    }

    /** This action is for {@code target}, so the fleet's cooldown applies to it. */
    Candidate on(Node target) {
      this.node = target;
      return this;
    }

    /** Specs are built only for what ends in the plan: building one per node would dominate the cost. */
    Action action() {
      Optional<Spec> spec = Optional.empty();
      if (type == ActionType.ADD || type == ActionType.START || type == ActionType.UPGRADE) {
        spec = fleet != null ? Optional.of(fleet.fleet.specFor(target, index)) : ownSpec;
      }
      return new Action(type, target, priority, reason, spec);
    }
  }

  private static int compareKeys(ResourceKey a, ResourceKey b) {
    return a == b ? 0 : a.compareTo(b);
  }

  private static final Comparator<Candidate> OUTPUT_ORDER = (a, b) -> {
    if (a.priority != b.priority) {
      return Integer.compare(a.priority, b.priority);
    }
    if (a.type != b.type) {
      return Integer.compare(a.type.ordinal(), b.type.ordinal());
    }
    return compareKeys(a.target, b.target);
  };

  private static final Comparator<Candidate> BUDGET_ORDER = (a, b) -> {
    if (a.priority != b.priority) {
      return Integer.compare(a.priority, b.priority);
    }
    if (a.type != b.type) {
      return Integer.compare(a.type.ordinal(), b.type.ordinal());
    }
    if (a.rank != b.rank) {
      return Integer.compare(a.rank, b.rank);
    }
    int aFleet = a.fleet == null ? Integer.MAX_VALUE : a.fleet.order;
    int bFleet = b.fleet == null ? Integer.MAX_VALUE : b.fleet.order;
    return aFleet != bFleet ? Integer.compare(aFleet, bFleet) : compareKeys(a.target, b.target);
  };

  /** The mutable working state of one call to {@link #plan}; confined to the calling thread. */
  private final class Pass {
    private final PlanInput input;
    private final Map<ResourceKey, DriftClass> drift = new HashMap<>();
    /** Host to the reason it could not be observed, from UNKNOWN entries (the first by key). */
    private final Map<String, String> unknownHosts = new HashMap<>();
    private final List<DriftEntry> strays = new ArrayList<>();
    private final Map<String, FleetNodes> fleets = new HashMap<>();
    private final List<Candidate> candidates = new ArrayList<>();
    private final BudgetGate gate;

    Pass(PlanInput input, Budgets budgets, Map<ActionType, Integer> underWay) {
      this.input = input;
      this.gate = new BudgetGate(budgets, underWay);
    }

    Plan run() {
      indexDrift();
      for (DesiredFleet fleet : input.fleets()) {
        fleets.put(fleetId(fleet.name(), fleet.host()), new FleetNodes(fleet));
      }
      List<FleetNodes> ordered = new ArrayList<>(fleets.values());
      ordered.sort(Comparator.comparing((FleetNodes f) -> f.fleet.name()).thenComparing(f -> f.fleet.host()));
      for (int i = 0; i < ordered.size(); i++) {
        ordered.get(i).order = i;
      }
      indexRecords();
      planStrays();
      for (FleetNodes fleet : ordered) {
        planFleet(fleet);
      }
      for (Candidate candidate : candidates) {
        if (candidate.node != null && candidate.heldBecause == null) {
          candidate.heldBecause = Cooldown.holds(candidate.fleet.fleet.options().cooldown(), candidate.node.record.updatedAt(),
              input.now()).orElse(null);
        }
      }
      if (!unknownHosts.isEmpty()) {
        // Nothing is done on a host that could not be observed.
        for (Candidate candidate : candidates) {
          String unknown = unknownHosts.get(candidate.target.host());
          if (unknown != null) {
            candidate.heldBecause = unknown;
          }
        }
      }
      List<Candidate> planned = new ArrayList<>();
      List<Candidate> held = new ArrayList<>();
      admit(candidates, planned, held);
      List<Candidate> surveys = new ArrayList<>();
      for (FleetNodes fleet : ordered) {
        if (!fleet.hasPlannedAction) {
          surveys.add(survey(fleet));
        }
      }
      admit(surveys, planned, held);
      planned.sort(OUTPUT_ORDER);
      held.sort(OUTPUT_ORDER);
      List<Action> actions = new ArrayList<>(planned.size());
      for (Candidate candidate : planned) {
        actions.add(candidate.action());
      }
      List<HeldAction> heldActions = new ArrayList<>(held.size());
      for (Candidate candidate : held) {
        heldActions.add(new HeldAction(candidate.action(), candidate.heldBecause));
      }
      return new Plan(actions, heldActions, input.now(), gate.underWay());
    }

    private void indexDrift() {
      for (DriftEntry entry : input.drift().entries()) {
        if (!entry.key().kind().equals(DesiredFleet.NODE_KIND)) {
          continue;
        }
        switch (entry.drift()) {
          case OK, PARTIAL -> { }
          case STALE -> drift.put(entry.key(), DriftClass.STALE);
          case ORPHAN -> {
            drift.put(entry.key(), DriftClass.ORPHAN);
            strays.add(entry);
          }
          case UNKNOWN -> {
            drift.put(entry.key(), DriftClass.UNKNOWN);
            // Entries are ordered by key, so the first reason per host is the same every time.
            unknownHosts.putIfAbsent(entry.key().host(), entry.reason());
          }
        }
      }
    }

    /** One look at every record: budgets in flight, crash resumes, and each fleet's nodes. */
    private void indexRecords() {
      for (ResourceRecord record : input.records()) {
        ResourceKey key = record.key();
        if (!key.kind().equals(DesiredFleet.NODE_KIND) || NodeLifecycle.REMOVED.equals(record.state())) {
          continue;
        }
        Optional<ActionType> pending = Optional.empty();
        boolean inFlightState = isInFlight(record.state());
        if (inFlightState) {
          pending = record.attribute(NodeAttributes.PENDING_ACTION).flatMap(Planner::actionNamed);
          pending.ifPresent(gate::inFlight);
        }
        FleetNodes fleet = fleetNamedBy(record);
        OptionalInt index = fleet == null ? OptionalInt.empty() : fleet.fleet.indexOf(key);
        if (index.isEmpty()) {
          // Not a node of a fleet, but its key may still look like one: then that index is taken.
          FleetNodes byName = fleets.get(fleetPartOf(key));
          OptionalInt taken = byName == null ? OptionalInt.empty() : byName.fleet.indexOf(key);
          if (taken.isPresent()) {
            byName.takenIndexes.add(taken.getAsInt());
          }
          if (inFlightState) {
            resume(record, pending, null, 0, 0);
          }
          continue;
        }
        fleet.nodes.add(new Node(record, index.getAsInt(), drift.isEmpty() ? null : drift.get(key)));
      }
    }

    /** The fleet the record's attribute names, or else the one its name starts with; its key is checked by the caller. */
    private FleetNodes fleetNamedBy(ResourceRecord record) {
      String name = record.attributes().get(NodeAttributes.FLEET);
      return name != null ? fleets.get(fleetId(name, record.key().host())) : fleets.get(fleetPartOf(record.key()));
    }

    /** The fleet id {@code web@HOST} of node {@code web-12@HOST}; empty when the name has no dash. */
    private String fleetPartOf(ResourceKey key) {
      int dash = key.name().lastIndexOf('-');
      return dash <= 0 ? "" : fleetId(key.name().substring(0, dash), key.host());
    }

    /** Rule 1. Returns the action type re-issued. */
    private ActionType resume(ResourceRecord record, Optional<ActionType> pending, FleetNodes fleet, int index, int rank) {
      String state = record.state();
      ActionType type = pending.orElseGet(() -> switch (state) {
        case NodeLifecycle.CREATING, NodeLifecycle.STARTING -> ActionType.START;
        case NodeLifecycle.UPGRADING -> ActionType.UPGRADE;
        default -> ActionType.REMOVE;
      });
      String reason = "resuming an interrupted " + type + " (record says " + state;
      if (pending.isEmpty()) {
        reason += record.attribute(NodeAttributes.PENDING_ACTION)
            .map(text -> "; its pending action '" + text + "' is not an action")
            .orElse("; no pending action was recorded");
      }
      reason += ")";
      candidates.add(new Candidate(type, record.key(), PRIORITY_URGENT, reason, fleet, index, record.spec(), rank, pending.isEmpty()));
      return type;
    }

    /** Rule 3. */
    private void planStrays() {
      for (DriftEntry stray : strays) {
        String reason = stray.record()
            .map(r -> "found running on " + stray.key().host() + " but recorded as " + r.state())
            .orElse("found running on " + stray.key().host() + " but not recorded");
        FleetNodes named = stray.record().isPresent() ? fleetNamedBy(stray.record().get()) : fleets.get(fleetPartOf(stray.key()));
        OptionalInt index = named == null ? OptionalInt.empty() : named.fleet.indexOf(stray.key());
        FleetNodes fleet = index.isPresent() ? named : null;
        if (fleet != null) {
          // Its index is not free this pass, also when its record says REMOVED.
          fleet.takenIndexes.add(index.getAsInt());
        }
        candidates.add(new Candidate(ActionType.REMOVE, stray.key(), PRIORITY_STRAY, reason, fleet, 0, Optional.empty(), 0, true));
      }
    }

    private void planFleet(FleetNodes f) {
      DesiredFleet fleet = f.fleet;
      List<Node> nodes = sortByIndex(f.nodes);
      f.nodes = nodes;
      for (int i = 0; i < nodes.size(); i++) {
        if (i > 0 && nodes.get(i).index == nodes.get(i - 1).index) {
          throw duplicate(nodes.get(i));
        }
        nodes.get(i).position = i;
      }
      boolean removalUnderWay = false;
      boolean removeDead = fleet.options().onDead() == FleetOptions.DeadNodePolicy.REMOVE;
      int live = 0;
      List<Node> dead = new ArrayList<>();
      List<Node> deadOrFailed = new ArrayList<>();
      List<Node> idle = new ArrayList<>();
      List<ResourceRecord> running = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        Node node = nodes.get(i);
        if (node.drift == DriftClass.ORPHAN) {
          // Recorded as absent but running: rule 3 removes it, so it no longer counts.
          node.claimed = true;
          removalUnderWay = true;
          continue;
        }
        if (isInFlight(node.state())) {
          Optional<ActionType> pending = node.record.attribute(NodeAttributes.PENDING_ACTION).flatMap(Planner::actionNamed);
          node.claimed = true;
          if (resume(node.record, pending, f, node.index, i) == ActionType.REMOVE) {
            removalUnderWay = true;
            continue;
          }
          live++;
          continue;
        }
        if (removeDead && node.isDead()) {
          // Rule 2 under on_dead: remove. It goes, so it no longer counts, and the count adds a fresh node.
          node.claimed = true;
          dead.add(node);
          continue;
        }
        live++;
        if (node.isVanished() || node.isDeadOrFailed()) {
          deadOrFailed.add(node);
        } else if (node.isIdle()) {
          idle.add(node);
        } else if (node.isRunning()) {
          running.add(node.record);
        }
      }

      // Rule 4: who goes.
      int excess = Math.max(0, live - fleet.count());
      String excessReason = fleetLabel(fleet) + " has " + nodes(live) + " and wants " + fleet.count();
      int rank = 0;
      for (Node node : dead) {
        ResourceKey key = node.record.key();
        candidates.add(new Candidate(ActionType.REMOVE, key, PRIORITY_URGENT, fleetLabel(fleet) + ": " + key.name()
            + " died; the fleet removes dead nodes (on_dead: remove)", f, node.index, Optional.empty(), rank++, true).on(node));
      }
      List<Candidate> removals = new ArrayList<>();
      // A node someone asked to remove (remove-node) goes first, whatever its state.
      for (Node node : nodes) {
        if (removals.size() == excess) {
          break;
        }
        if (!node.claimed && requested(node.record)
            && (deadOrFailed.contains(node) || idle.contains(node) || running.contains(node.record))) {
          node.claimed = true;
          removals.add(new Candidate(ActionType.REMOVE, node.record.key(), PRIORITY_REMOVE, excessReason
              + "; removal asked for " + node.record.attribute(NodeAttributes.REMOVE_REQUESTED).get(),
              f, node.index, Optional.empty(), rank++, true).on(node));
        }
      }
      for (Node node : deadOrFailed) {
        if (removals.size() == excess) {
          break;
        }
        if (node.claimed) {
          continue;
        }
        node.claimed = true;
        String why = node.isVanished() ? "nodes not found running go first" : node.state() + " nodes go first";
        removals.add(new Candidate(ActionType.REMOVE, node.record.key(), PRIORITY_URGENT, excessReason + "; " + why,
            f, node.index, Optional.empty(), rank++, true).on(node));
      }
      for (Node node : idle) {
        if (removals.size() == excess) {
          break;
        }
        if (node.claimed) {
          continue;
        }
        node.claimed = true;
        removals.add(new Candidate(ActionType.REMOVE, node.record.key(), PRIORITY_REMOVE,
            excessReason + "; " + node.state() + " nodes go first", f, node.index, Optional.empty(), rank++, true).on(node));
      }
      int runningExcess = excess - removals.size();
      Optional<HostMetrics> metrics = Optional.ofNullable(input.metrics().get(fleet.host()));
      Optional<String> crisis = metrics.flatMap(m -> HostVerdicts.crisis(policy.thresholds(), m));
      int crisisVictims = crisis.isPresent() && runningExcess == 0 && !removalUnderWay ? 1 : 0;
      Set<ResourceKey> going = new HashSet<>();
      removals.forEach(c -> going.add(c.target));
      List<ResourceRecord> unclaimed = running.stream().filter(r -> !going.contains(r.key())).toList();
      int wanted = Math.min(runningExcess + crisisVictims, unclaimed.size());
      if (wanted > 0) {
        List<ResourceRecord> victims = select(fleet, unclaimed, wanted);
        for (int i = 0; i < victims.size(); i++) {
          Node node = find(nodes, fleet, victims.get(i));
          node.claimed = true;
          String why = i < runningExcess ? excessReason + "; chosen by the node selector" : crisis.orElseThrow();
          removals.add(new Candidate(ActionType.REMOVE, node.record.key(), PRIORITY_REMOVE, why, f, node.index,
              Optional.empty(), rank++, true).on(node));
        }
      }
      candidates.addAll(removals);
      boolean removing = removalUnderWay || !dead.isEmpty() || !removals.isEmpty();
      f.live = live;

      // Rule 2 for the dead and failed that stay, and for the idle ones the fleet still wants: a
      // PLANNED record is an addition a crash cut short before anything was created, a STOPPED
      // one a node the fleet counts on.
      for (Node node : deadOrFailed) {
        if (!node.claimed) {
          node.claimed = true;
          restart(f, node);
        }
      }
      for (Node node : idle) {
        if (!node.claimed) {
          node.claimed = true;
          restart(f, node);
        }
      }

      // Rule 5.
      for (int i = 0; i < nodes.size(); i++) {
        Node node = nodes.get(i);
        if (node.claimed || !node.isRunning()) {
          continue;
        }
        String runs = node.record.spec().isPresent() ? node.record.spec().get().properties().get(ProcessSpec.VERSION) : null;
        if (fleet.version().equals(runs)) {
          continue;
        }
        Candidate upgrade = new Candidate(ActionType.UPGRADE, node.record.key(), PRIORITY_UPGRADE,
            (runs == null ? "runs no recorded version" : "runs " + runs) + ", wants " + fleet.version(),
            f, node.index, Optional.empty(), i, true).on(node);
        if (removing) {
          upgrade.heldBecause = "not while removing: " + fleetLabel(fleet) + " is removing nodes";
        }
        candidates.add(upgrade);
      }

      // Rule 6.
      int missing = fleet.count() - live;
      if (missing > 0) {
        String addReason = fleetLabel(fleet) + " has " + nodes(live) + " and wants " + fleet.count();
        String blocked = metrics.isEmpty() ? "no metrics for host " + fleet.host() : HostVerdicts.addBlocked(policy.thresholds(), metrics.get()).orElse(null);
        int[] free = freeIndexes(f, missing);
        for (int i = 0; i < free.length; i++) {
          Candidate add = new Candidate(ActionType.ADD, fleet.nodeKey(free[i]), PRIORITY_ADD, addReason, f, free[i],
              Optional.empty(), i, true);
          add.heldBecause = blocked;
          candidates.add(add);
        }
      }
    }

    /** Nodes by index: bucketed when the indexes are dense (the usual case), else sorted. */
    private List<Node> sortByIndex(List<Node> nodes) {
      int max = 0;
      for (Node node : nodes) {
        max = Math.max(max, node.index);
      }
      if (max > 4 * nodes.size() + 64) {
        nodes.sort(Comparator.comparingInt(n -> n.index));
        return nodes;
      }
      Node[] slots = new Node[max + 1];
      List<Node> sorted = new ArrayList<>(nodes.size());
      for (Node node : nodes) {
        if (slots[node.index] != null) {
          throw duplicate(node);
        }
        slots[node.index] = node;
      }
      for (Node node : slots) {
        if (node != null) {
          sorted.add(node);
        }
      }
      return sorted;
    }

    private IllegalArgumentException duplicate(Node node) {
      return new IllegalArgumentException("The records hold " + node.record.key()
          + " twice: give the planner one record per node, as a state store does");
    }

    private void restart(FleetNodes f, Node node) {
      int rank = node.position;
      ResourceRecord record = node.record;
      if (node.isVanished()) {
        candidates.add(new Candidate(ActionType.START, record.key(), PRIORITY_URGENT,
            "not found on " + record.key().host() + ": restarting", f, node.index, Optional.empty(), rank, true).on(node));
        return;
      }
      int failures = record.failures().attempts();
      String history = failures == 0 ? "" : " after " + (failures == 1 ? "1 failure" : failures + " failures");
      Optional<String> next = record.attribute(NodeAttributes.NEXT_ATTEMPT_AT);
      Instant notBefore = null;
      String unreadable = "";
      if (next.isPresent()) {
        try {
          notBefore = Instant.parse(next.get().strip());
        } catch (DateTimeParseException e) {
          unreadable = "; its " + NodeAttributes.NEXT_ATTEMPT_AT + " '" + next.get() + "' is not an ISO-8601 instant, so it is ignored";
        }
      }
      Candidate start = new Candidate(ActionType.START, record.key(), PRIORITY_URGENT,
          "record says " + record.state() + history + ": starting again" + unreadable, f, node.index, Optional.empty(), rank, true)
          .on(node);
      if (notBefore != null && notBefore.isAfter(input.now())) {
        start.heldBecause = "backing off" + history + " until " + notBefore;
      }
      candidates.add(start);
    }

    private List<ResourceRecord> select(DesiredFleet fleet, List<ResourceRecord> running, int count) {
      List<ResourceRecord> victims;
      try {
        victims = selector.selectForRemoval(running, count);
      } catch (StewardException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new StewardException("The node selector failed to choose " + count + " of " + fleetLabel(fleet)
            + "'s nodes to remove: " + e.getMessage(), e);
      }
      if (victims == null || victims.size() > count) {
        throw new StewardException("The node selector returned " + (victims == null ? "null" : victims.size() + " nodes")
            + " when asked for " + count + " of " + fleetLabel(fleet) + "'s nodes; a selector returns at most the count asked for");
      }
      return victims;
    }

    /** The node of a victim the selector returned; each must be a distinct candidate. */
    private Node find(List<Node> nodes, DesiredFleet fleet, ResourceRecord victim) {
      OptionalInt index = victim == null ? OptionalInt.empty() : fleet.indexOf(victim.key());
      if (index.isPresent()) {
        int lo = 0;
        int hi = nodes.size() - 1;
        while (lo <= hi) {
          int mid = (lo + hi) >>> 1;
          Node node = nodes.get(mid);
          if (node.index < index.getAsInt()) {
            lo = mid + 1;
          } else if (node.index > index.getAsInt()) {
            hi = mid - 1;
          } else {
            if (!node.claimed && node.isRunning()) {
              return node;
            }
            break;
          }
        }
      }
      throw new StewardException("The node selector chose " + (victim == null ? "null" : victim.key().toString())
          + " to remove from " + fleetLabel(fleet) + ", which was not one of the candidates it was given (or was chosen twice)");
    }

    /** The lowest {@code count} indexes no record and no stray of the fleet occupies. */
    private int[] freeIndexes(FleetNodes f, int count) {
      int[] takenIndexes = f.takenIndexes.stream().mapToInt(Integer::intValue).sorted().toArray();
      int[] free = new int[count];
      int found = 0;
      int next = 0;
      int stray = 0;
      for (int index = 1; found < count; index++) {
        while (next < f.nodes.size() && f.nodes.get(next).index < index) {
          next++;
        }
        while (stray < takenIndexes.length && takenIndexes[stray] < index) {
          stray++;
        }
        boolean taken = (next < f.nodes.size() && f.nodes.get(next).index == index)
            || (stray < takenIndexes.length && takenIndexes[stray] == index);
        if (!taken) {
          free[found++] = index;
        }
      }
      return free;
    }

    private Candidate survey(FleetNodes f) {
      DesiredFleet fleet = f.fleet;
      int live = f.live;
      return new Candidate(ActionType.SURVEY, ResourceKey.of(FLEET_KIND, fleet.name(), fleet.host()), PRIORITY_SURVEY,
          fleetLabel(fleet) + " has " + nodes(live) + " and wants " + fleet.count() + "; nothing else is due, so look again",
          null, 0, Optional.empty(), 0, true);
    }

    /** Budgets, in budget order; what is admitted goes to {@code planned}, the rest to {@code held}. */
    private void admit(List<Candidate> due, List<Candidate> planned, List<Candidate> held) {
      due.sort(BUDGET_ORDER);
      for (Candidate candidate : due) {
        if (candidate.heldBecause == null && candidate.takesBudget) {
          gate.admit(candidate.type).ifPresent(why -> candidate.heldBecause = why);
        }
        if (candidate.heldBecause == null) {
          planned.add(candidate);
          if (candidate.fleet != null) {
            candidate.fleet.hasPlannedAction = true;
          }
        } else {
          held.add(candidate);
        }
      }
    }
  }

  /** A fleet spread over several hosts plans as one fleet per host: they are told apart by name and host. */
  private static String fleetId(String name, String host) {
    return name + "@" + host;
  }

  /** {@code fleet web}, and {@code on HOST} when it runs elsewhere than on this machine. */
  private static String fleetLabel(DesiredFleet fleet) {
    return "fleet " + fleet.name() + (fleet.host().equals(ResourceKey.LOCAL) ? "" : " on " + fleet.host());
  }

  private static String nodes(long n) {
    return n == 1 ? "1 node" : n + " nodes";
  }

  /** Whether someone asked for this node to go ({@link NodeAttributes#REMOVE_REQUESTED}). */
  static boolean requested(ResourceRecord record) {
    return record.attribute(NodeAttributes.REMOVE_REQUESTED).isPresent();
  }
}
