package dev.steward.examples.cli;

import dev.steward.examples.fleet.FleetConfig;
import dev.steward.examples.fleet.FleetParts;
import dev.steward.node.ManualActions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code steward reconcile --config F add-node FLEET}: one more node, by hand, through the loop's rules. */
@Command(
    name = "add-node",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Adds one node to a fleet by hand, through the loop's budgets and lifecycle.",
        "The fleet keeps the new count (in the store, for every instance) until its count",
        "in the fleet file changes. Refused, nothing changed, when a budget or threshold holds",
        "the addition back. While another instance leads, that instance carries it out."})
final class AddNodeCommand extends ManualNodeCommand {
  @Parameters(paramLabel = "FLEET", description = "The fleet: its name, or NAME@HOST when it runs on several hosts.")
  String fleetName;

  @Override
  ManualActions.Result change(ManualActions actions, FleetConfig config, FleetParts parts) {
    return actions.addNode(fleet(config, fleetName));
  }
}
