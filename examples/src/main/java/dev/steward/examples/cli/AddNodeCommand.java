package dev.steward.examples.cli;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.node.DesiredFleet;
import dev.steward.node.ManualScale;
import dev.steward.reconcile.PassReport;
import java.util.Optional;
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
  Outcome change(Context context) {
    DesiredFleet fleet = fleet(context.config(), fleetName);
    int now = ManualScale.count(context.parts().store(), fleet);
    DesiredFleet wanted;
    try {
      wanted = ManualScale.withCount(fleet, now + 1);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure("add-node refused: " + e.getMessage(), e);
    }
    // Planned with the new count, as any pass: an addition the rules hold back is undone.
    ManualScale.set(context.writes(), fleet, wanted.count(), "add-node: " + fleet.name() + " from " + now + " to " + wanted.count());
    PassReport report = context.plan();
    Optional<Action> add = report.plan().actions().stream()
        .filter(a -> a.type() == ActionType.ADD && fleet.indexOf(a.target()).isPresent()).findFirst();
    if (add.isEmpty()) {
      ManualScale.set(context.writes(), fleet, now, "add-node refused: back to " + now);
      String why = report.plan().held().stream()
          .filter(h -> h.action().type() == ActionType.ADD && fleet.indexOf(h.action().target()).isPresent())
          .map(h -> h.heldBecause()).findFirst().orElse("the plan adds no node to " + fleet.name());
      throw new CommandFailure("add-node refused: " + why + "; " + fleet.name() + " stays at " + now
          + (now == 1 ? " node" : " nodes") + " and nothing was changed");
    }
    return new Outcome(add.get(), context.carryOut(add.get()));
  }
}
