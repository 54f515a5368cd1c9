package dev.steward.node;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.NodeLifecycle;
import dev.steward.RecordNotFoundException;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StateStore;
import dev.steward.plan.HeldAction;
import dev.steward.reconcile.ActionOutcome;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.Reconciler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Manual node actions, for an operator's command or an HTTP call: one node more in a fleet, or one
 * named node gone. Each sets the fleet's count by hand ({@link ManualScale}), plans a pass with it
 * under the same budgets, thresholds and lifecycle as any pass, and undoes the change and refuses
 * ({@link ManualActionRefusedException}, with the plan's reason) when the plan holds the action
 * back. Then, when this instance may act, it carries out just that action; otherwise the leader's
 * next pass, which plans the same way, does.
 *
 * <p>The reconcilers {@code loop} makes must plan the fleets with their manual counts ({@link
 * ManualScale#apply}) from {@code store}. Not thread-safe: one instance per request.
 */
public final class ManualActions {
  private final StateStore store;
  private final StateStore writes;
  private final Supplier<Reconciler> loop;
  private final boolean act;
  private final Clock clock;

  /**
   * @param store the store the loop reads
   * @param writes the same store as this instance writes it (fenced while it leads)
   * @param loop makes a reconciler over the fleets with their manual counts
   * @param act whether this instance carries the action out (it leads, or shares its store with no
   *     other); otherwise the change is only planned and left to the leader
   */
  public ManualActions(StateStore store, StateStore writes, Supplier<Reconciler> loop, boolean act, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.writes = Objects.requireNonNull(writes, "writes");
    this.loop = Objects.requireNonNull(loop, "loop");
    this.act = act;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What a manual action planned, and how it ended when this instance carried it out. */
  public record Result(Action action, Optional<ActionOutcome> outcome) {
    public Result {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** One node more in {@code fleet} (as the fleet file gives it). */
  public Result addNode(DesiredFleet fleet) {
    int now = ManualScale.count(store, fleet);
    try {
      ManualScale.withCount(fleet, now + 1);
    } catch (IllegalArgumentException e) {
      throw new ManualActionRefusedException("add-node refused: " + e.getMessage());
    }
    ManualScale.set(writes, fleet, now + 1, "add-node: " + fleet.name() + " from " + now + " to " + (now + 1));
    Predicate<Action> ours = a -> a.type() == ActionType.ADD && fleet.indexOf(a.target()).isPresent();
    PassReport report = plan();
    Optional<Action> add = report.plan().actions().stream().filter(ours).findFirst();
    if (add.isEmpty()) {
      ManualScale.set(writes, fleet, now, "add-node refused: back to " + now);
      throw new ManualActionRefusedException("add-node refused: " + held(report, ours).orElse("the plan adds no node to " + fleet.name())
          + "; " + fleet.name() + " stays at " + nodes(now) + " and nothing was changed");
    }
    return new Result(add.get(), carryOut(add.get()));
  }

  /** The node {@code key} of {@code fleet} gone, and the fleet one node smaller. */
  public Result removeNode(DesiredFleet fleet, ResourceKey key) {
    ResourceRecord record = store.find(key).filter(r -> !r.state().equals(NodeLifecycle.REMOVED))
        .orElseThrow(() -> new RecordNotFoundException(key));
    if (fleet.indexOf(key).isEmpty()) {
      throw new IllegalArgumentException(key + " is not a node of fleet " + fleet.name());
    }
    int now = ManualScale.count(store, fleet);
    if (now == 0) {
      throw new ManualActionRefusedException("remove-node refused: " + fleet.name() + " already wants no node");
    }
    writes.updateAttributes(key, Map.of(NodeAttributes.REMOVE_REQUESTED, "by hand at " + clock.instant()));
    ManualScale.set(writes, fleet, now - 1, "remove-node " + key.name() + ": " + fleet.name() + " from " + now + " to " + (now - 1));
    Predicate<Action> ours = a -> a.type() == ActionType.REMOVE && a.target().equals(key);
    PassReport report = plan();
    Optional<Action> remove = report.plan().actions().stream().filter(ours).findFirst();
    if (remove.isEmpty()) {
      writes.updateAttributes(key, Map.of(NodeAttributes.REMOVE_REQUESTED, ""));
      ManualScale.set(writes, fleet, now, "remove-node refused: back to " + now);
      throw new ManualActionRefusedException("remove-node refused: " + held(report, ours).orElse("the plan removes no " + key.name())
          + " (" + key.name() + " is " + record.state() + "); " + fleet.name() + " stays at " + nodes(now)
          + " and nothing was changed");
    }
    return new Result(remove.get(), carryOut(remove.get()));
  }

  private PassReport plan() {
    try (Reconciler reconciler = loop.get()) {
      return reconciler.planOnce();
    }
  }

  private Optional<ActionOutcome> carryOut(Action action) {
    if (!act) {
      return Optional.empty();
    }
    Predicate<Action> same = a -> a.type() == action.type() && a.target().equals(action.target());
    try (Reconciler reconciler = loop.get()) {
      PassReport report = reconciler.reconcileOnly(same);
      return Optional.of(report.outcomes().stream().filter(o -> same.test(o.action())).findFirst()
          .orElseThrow(() -> new ManualActionRefusedException(action.type() + " of " + action.target()
              + " was planned, then held back when it was to be carried out: "
              + held(report, same).orElse("it was not planned again") + "; the count set stays, so a later pass does it")));
    }
  }

  private static Optional<String> held(PassReport report, Predicate<Action> which) {
    List<HeldAction> held = report.plan().held();
    return held.stream().filter(h -> which.test(h.action())).map(HeldAction::heldBecause).findFirst();
  }

  private static String nodes(int n) {
    return n + (n == 1 ? " node" : " nodes");
  }
}
