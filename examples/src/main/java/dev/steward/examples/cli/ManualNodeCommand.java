package dev.steward.examples.cli;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.ResourceKey;
import dev.steward.StateStore;
import dev.steward.examples.fleet.FleetConfig;
import dev.steward.examples.fleet.FleetFile;
import dev.steward.examples.fleet.FleetParts;
import dev.steward.examples.fleet.FleetReport;
import dev.steward.leader.Fencing;
import dev.steward.node.DesiredFleet;
import dev.steward.plan.HeldAction;
import dev.steward.reconcile.ActionOutcome;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.ReconcileListener;
import dev.steward.reconcile.Reconciler;
import dev.steward.leader.LeaderView;
import java.io.PrintWriter;
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
 * {@code reconcile} command, a plan made with the change under the same budgets, thresholds and
 * lifecycle as any pass (a change the plan holds back is undone and refused), and then either
 * carrying out only the action the change asked for, when no other instance leads, or leaving it
 * to the instance that leads, whose next pass plans it the same way. Not thread-safe: one instance
 * per command line.
 */
abstract class ManualNodeCommand implements Callable<Integer> {
  @ParentCommand
  ReconcileCommand reconcile;

  @Spec
  CommandSpec spec;

  /** Makes the change (and undoes it when the plan holds it back); returns what was done. */
  abstract Outcome change(Context context);

  /** What a change did: the action it asked for and how it ended, when this instance carried it out. */
  record Outcome(Action action, Optional<ActionOutcome> result) {}

  /**
   * The parts of one run: the fleet file, the parts, the store as this instance writes it (fenced
   * while it leads), and who leads when another instance does.
   */
  record Context(FleetConfig config, FleetParts parts, StateStore writes, Optional<String> otherLeader,
      ManualNodeCommand command) {
    /** A pass planned with the fleets as they are kept now (manual counts included). */
    PassReport plan() {
      try (Reconciler reconciler = reconciler()) {
        return reconciler.planOnce();
      }
    }

    /** Carries out only {@code action}, in a pass planned anew; nothing here while another instance leads. */
    Optional<ActionOutcome> carryOut(Action action) {
      if (otherLeader.isPresent()) {
        return Optional.empty();
      }
      try (Reconciler reconciler = reconciler()) {
        PassReport report = reconciler.reconcileOnly(a -> a.type() == action.type() && a.target().equals(action.target()));
        return Optional.of(report.outcomes().stream().filter(o -> o.action().target().equals(action.target())).findFirst()
            .orElseThrow(() -> new CommandFailure(action.type() + " of " + action.target()
                + " was planned, then not planned again when it was to be carried out: " + held(report, action)
                + "; run the command again")));
      }
    }

    private Reconciler reconciler() {
      return parts.reconciler(config, parts.scaled(config::fleets), ReconcileListener.none(), command.reconcile.stopGrace);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    FleetConfig config = FleetFile.read(reconcile.config);
    try (Plugins plugins = reconcile.root.loadPlugins();
        FleetParts parts = FleetParts.open(plugins.registry(), reconcile.settings(), config);
        Leadership leadership = Leadership.open(plugins.registry(), parts.settings())) {
      LeaderView view = leadership.election().campaign();
      Optional<String> other = view.leading() ? Optional.empty()
          : Optional.of(view.lease().map(l -> l.holder() + " (term " + l.term() + ")").orElse("another instance"));
      StateStore writes = view.leading() ? Fencing.fence(parts.store(), leadership.election()) : parts.store();
      Outcome outcome = change(new Context(config, parts, writes, other, this));
      out.println(outcome.action().type() + " " + outcome.action().target() + ": " + outcome.action().reason());
      if (outcome.result().isEmpty()) {
        out.println("planned: " + other.get() + " leads, and carries it out in its next pass ('steward status' shows it).");
        out.flush();
        return ExitCodes.OK;
      }
      ActionOutcome result = outcome.result().get();
      out.println(result.failed() ? "FAILED: " + result.detail() : "done: " + result.detail());
      out.println("Nodes:");
      FleetReport.printNodes(out, parts.store().list(), parts.scaled(config::fleets).get(), Instant.now());
      out.flush();
      return result.failed() ? ExitCodes.FAILED : ExitCodes.OK;
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

  /** The planned action of {@code type} on {@code target}, if the plan has it. */
  static Optional<Action> planned(PassReport report, ActionType type, ResourceKey target) {
    return report.plan().actions().stream().filter(a -> a.type() == type && a.target().equals(target)).findFirst();
  }

  /** Why the plan did not carry out {@code action}: the reason it was held back, else that it was not planned. */
  static String held(PassReport report, Action action) {
    return report.plan().held().stream()
        .filter(h -> h.action().type() == action.type() && h.action().target().equals(action.target()))
        .map(HeldAction::heldBecause).findFirst()
        .orElse("the plan has no " + action.type() + " of " + action.target());
  }
}
