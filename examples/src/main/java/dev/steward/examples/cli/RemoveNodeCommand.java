package dev.steward.examples.cli;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.NodeLifecycle;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.node.DesiredFleet;
import dev.steward.node.ManualScale;
import dev.steward.node.NodeAttributes;
import dev.steward.reconcile.PassReport;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code steward reconcile --config F remove-node NODE}: this node goes, by hand, through the loop's rules. */
@Command(
    name = "remove-node",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Removes one node by hand, through the loop's budgets and lifecycle.",
        "Its fleet keeps one node fewer (in the store, for every instance) until its count",
        "in the fleet file changes. Refused, nothing changed, when a budget or the node's state",
        "holds the removal back. While another instance leads, that instance carries it out."})
final class RemoveNodeCommand extends ManualNodeCommand {
  @Parameters(paramLabel = "NODE", description = "The node: its name (demo-2), or NAME@HOST off this machine.")
  String node;

  @Override
  Outcome change(Context context) {
    ResourceKey key = key(node);
    ResourceRecord record = context.parts().store().find(key)
        .filter(r -> !r.state().equals(NodeLifecycle.REMOVED))
        .orElseThrow(() -> new CommandFailure("no node " + key + " in the store: 'steward state list' shows the nodes"));
    DesiredFleet fleet = context.config().fleets().stream().filter(f -> f.indexOf(key).isPresent()).findFirst()
        .orElseThrow(() -> new CommandFailure(key + " belongs to no fleet of the fleet file"));
    int now = ManualScale.count(context.parts().store(), fleet);
    if (now == 0) {
      throw new CommandFailure("remove-node refused: " + fleet.name() + " already wants no node");
    }
    String asked = "by hand at " + Instant.now();
    context.writes().updateAttributes(key, Map.of(NodeAttributes.REMOVE_REQUESTED, asked));
    ManualScale.set(context.writes(), fleet, now - 1, "remove-node " + key.name() + ": " + fleet.name() + " from " + now + " to " + (now - 1));
    PassReport report = context.plan();
    Optional<Action> remove = planned(report, ActionType.REMOVE, key);
    if (remove.isEmpty()) {
      context.writes().updateAttributes(key, Map.of(NodeAttributes.REMOVE_REQUESTED, ""));
      ManualScale.set(context.writes(), fleet, now, "remove-node refused: back to " + now);
      Action wanted = new Action(ActionType.REMOVE, key, 0, "remove-node");
      throw new CommandFailure("remove-node refused: " + held(report, wanted) + " (" + key.name() + " is " + record.state()
          + "); " + fleet.name() + " stays at " + now + (now == 1 ? " node" : " nodes") + " and nothing was changed");
    }
    return new Outcome(remove.get(), context.carryOut(remove.get()));
  }

  private static ResourceKey key(String node) {
    int at = node.lastIndexOf('@');
    try {
      return at < 0 ? ResourceKey.of("node", node, ResourceKey.LOCAL)
          : ResourceKey.of("node", node.substring(0, at), node.substring(at + 1));
    } catch (IllegalArgumentException e) {
      throw new CommandFailure("'" + node + "' is not a node name: " + e.getMessage(), e);
    }
  }
}
