package dev.steward.examples.cli;

import dev.steward.NodeLifecycle;
import dev.steward.ResourceKey;
import dev.steward.examples.fleet.FleetConfig;
import dev.steward.examples.fleet.FleetParts;
import dev.steward.node.DesiredFleet;
import dev.steward.node.ManualActions;
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
  ManualActions.Result change(ManualActions actions, FleetConfig config, FleetParts parts) {
    ResourceKey key = key(node);
    if (parts.store().find(key).filter(r -> !r.state().equals(NodeLifecycle.REMOVED)).isEmpty()) {
      throw new CommandFailure("no node " + key + " in the store: 'steward state list' shows the nodes");
    }
    DesiredFleet fleet = fleetOf(config, key)
        .orElseThrow(() -> new CommandFailure(key + " belongs to no fleet of the fleet file"));
    return actions.removeNode(fleet, key);
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
