package dev.steward.examples.cli;

import dev.steward.StateStore;
import dev.steward.examples.fleet.FleetConfig;
import dev.steward.examples.fleet.FleetFile;
import dev.steward.examples.fleet.FleetParts;
import dev.steward.examples.fleet.FleetReport;
import dev.steward.leader.Fencing;
import dev.steward.leader.LeaderView;
import dev.steward.node.DesiredFleet;
import dev.steward.node.ManualActionRefusedException;
import dev.steward.node.ManualActions;
import dev.steward.reconcile.ActionOutcome;
import dev.steward.reconcile.ReconcileListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code reconcile add-node} and {@code remove-node} share: the fleet file and parts of their
 * {@code reconcile} command, a campaign (this command carries the action out itself only when no
 * other instance leads; otherwise the leader's next pass does), and {@link ManualActions}, which
 * plans the change under the loop's rules and refuses it with their reason. Not thread-safe: one
 * instance per command line.
 */
abstract class ManualNodeCommand implements Callable<Integer> {
  @ParentCommand
  ReconcileCommand reconcile;

  @Spec
  CommandSpec spec;

  /** The manual action, on the fleet file {@code config}. */
  abstract ManualActions.Result change(ManualActions actions, FleetConfig config, FleetParts parts);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    FleetConfig config = FleetFile.read(reconcile.config);
    try (Plugins plugins = reconcile.root.loadPlugins();
        FleetParts parts = FleetParts.open(plugins.registry(), reconcile.settings(), config);
        Leadership leadership = Leadership.open(plugins.registry(), parts.settings())) {
      LeaderView view = leadership.election().campaign();
      StateStore writes = view.leading() ? Fencing.fence(parts.store(), leadership.election()) : parts.store();
      ManualActions actions = new ManualActions(parts.store(), writes,
          () -> parts.reconciler(config, parts.scaled(config::fleets), ReconcileListener.none(), reconcile.stopGrace),
          view.leading(), Clock.systemUTC());
      ManualActions.Result result;
      try {
        result = change(actions, config, parts);
      } catch (ManualActionRefusedException e) {
        throw new CommandFailure(e.getMessage(), e);
      }
      out.println(result.action().type() + " " + result.action().target() + ": " + result.action().reason());
      if (result.outcome().isEmpty()) {
        String leader = view.lease().map(l -> l.holder() + " (term " + l.term() + ")").orElse("another instance");
        out.println("planned: " + leader + " leads, and carries it out in its next pass ('steward status' shows it).");
        out.flush();
        return ExitCodes.OK;
      }
      ActionOutcome outcome = result.outcome().get();
      out.println(outcome.failed() ? "FAILED: " + outcome.detail() : "done: " + outcome.detail());
      out.println("Nodes:");
      FleetReport.printNodes(out, parts.store().list(), parts.scaled(config::fleets).get(), Instant.now());
      out.flush();
      return outcome.failed() ? ExitCodes.FAILED : ExitCodes.OK;
    }
  }

  /** The fleet file's fleet {@code name} ({@code NAME} or {@code NAME@HOST}), or an error listing them. */
  static DesiredFleet fleet(FleetConfig config, String name) {
    List<DesiredFleet> matches = config.fleets().stream()
        .filter(f -> name.equals(f.name()) || name.equals(f.name() + "@" + f.host()))
        .toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    String known = config.fleets().stream().map(f -> f.name() + "@" + f.host()).collect(Collectors.joining(", "));
    throw new CommandFailure(matches.isEmpty() ? "no fleet '" + name + "' in the fleet file; it has " + known
        : "fleet '" + name + "' runs on several hosts: name one as NAME@HOST (" + known + ")");
  }

  /** The fleet of {@code node}'s name, when the fleet file has one. */
  static Optional<DesiredFleet> fleetOf(FleetConfig config, dev.steward.ResourceKey node) {
    return config.fleets().stream().filter(f -> f.indexOf(node).isPresent()).findFirst();
  }
}
