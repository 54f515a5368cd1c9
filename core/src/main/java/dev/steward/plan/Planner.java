package dev.steward.plan;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.NodeSelector;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.drift.DriftClass;
import dev.steward.drift.DriftEntry;
import dev.steward.lifecycle.NodeLifecycle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The decision engine, first cut: restarts dead nodes, removes orphans and the excess, adds what
 * is missing. Budgets, thresholds, upgrades and backoff come with the full engine.
 */
public final class Planner {
  private final PlanPolicy policy;
  private final NodeSelector selector;

  public Planner(PlanPolicy policy, NodeSelector selector) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.selector = Objects.requireNonNull(selector, "selector");
  }

  public Plan plan(PlanInput input) {
    List<Action> actions = new ArrayList<>();
    for (DriftEntry entry : input.drift().entries()) {
      if (entry.drift() == DriftClass.ORPHAN) {
        actions.add(new Action(ActionType.REMOVE, entry.key(), 1, "found running but not recorded"));
      }
    }
    for (DesiredFleet fleet : input.fleets()) {
      List<ResourceRecord> live = new ArrayList<>();
      for (ResourceRecord r : input.records()) {
        OptionalInt index = fleet.indexOf(r.key());
        if (index.isEmpty() || r.state().equals(NodeLifecycle.REMOVED)) {
          continue;
        }
        live.add(r);
        if (input.drift().find(r.key()).map(e -> e.drift() == DriftClass.STALE).orElse(false)
            || r.state().equals(NodeLifecycle.FAILED) || r.state().equals(NodeLifecycle.DEAD)) {
          actions.add(new Action(ActionType.START, r.key(), 0, "not running: restarting", r.spec()));
        }
      }
      if (live.size() > fleet.count()) {
        for (ResourceRecord victim : selector.selectForRemoval(live, live.size() - fleet.count())) {
          actions.add(new Action(ActionType.REMOVE, victim.key(), 2,
              "fleet " + fleet.name() + " has " + live.size() + " nodes and wants " + fleet.count()));
        }
      }
      int missing = fleet.count() - live.size();
      for (int index = 1; missing > 0; index++) {
        ResourceKey key = fleet.nodeKey(index);
        if (live.stream().noneMatch(r -> r.key().equals(key))) {
          actions.add(new Action(ActionType.ADD, key, 4,
              "fleet " + fleet.name() + " has " + live.size() + " of " + fleet.count() + " nodes",
              java.util.Optional.of(fleet.specFor(index))));
          missing--;
        }
      }
    }
    actions.sort(Comparator.comparingInt(Action::priority).thenComparing(Action::type).thenComparing(Action::target));
    return new Plan(actions, List.of(), input.now());
  }
}
