package dev.steward.examples.cli;

import dev.steward.examples.fleet.FleetConfig;
import dev.steward.examples.fleet.FleetFile;
import dev.steward.examples.fleet.FleetParts;
import dev.steward.examples.fleet.FleetReport;
import dev.steward.CoreSettings;
import dev.steward.leader.LeaderView;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.ReconcileListener;
import dev.steward.reconcile.Reconciler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import dev.steward.Settings;
import dev.steward.reconcile.StatusListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code steward reconcile --config FILE}: keeps the fleets of a fleet file in their desired state,
 * once or as a daemon.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Keeps the fleets a fleet file describes in their desired state.",
        "Each pass observes the host, classifies drift, plans within the budgets and carries the plan out.",
        "Runs passes until interrupted, or one with --once.",
        "Uses the file store (steward.store.dir), the local probe and the process manager unless --set says otherwise.",
        "Instances that share a store elect one leader, which acts; the others observe and plan only,",
        "and take over when it stops (steward.leader-election: file, or postgres with --store postgres).",
        "'steward status' shows who leads and since when.",
        "add-node and remove-node change a fleet by hand, through the same budgets."},
    subcommands = {AddNodeCommand.class, RemoveNodeCommand.class})
public final class ReconcileCommand implements Callable<Integer> {
  @ParentCommand
  StewardCommand root;

  @Spec
  CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The fleet file, YAML (or JSON when it ends in .json).")
  Path config;

  @Option(names = "--dry-run", description = "Plans once and prints every action with its reason, and what a budget or threshold held back; changes nothing.")
  boolean dryRun;

  @Option(names = "--once", description = "Runs one pass and exits; refused while another instance leads.")
  boolean once;

  @Option(names = "--store", paramLabel = "ID",
      description = "The state store, as steward.state-store: file (default) or postgres (steward.postgres.* settings).")
  String store;

  @Option(names = "--stop-grace", paramLabel = "DURATION", converter = StateOptions.DurationConverter.class,
      description = "How long a node has to stop after SIGTERM before it is killed (default: 10s).")
  Duration stopGrace = Duration.ofSeconds(10);

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    FleetConfig fleet = FleetFile.read(config);
    if (!dryRun && !once) {
      return daemon(out, fleet);
    }
    try (Plugins plugins = root.loadPlugins();
        FleetParts parts = FleetParts.open(plugins.registry(), settings(), fleet);
        Leadership leadership = dryRun ? null : leadOnce(plugins, parts);
        Reconciler reconciler = parts.reconciler(fleet, parts.scaled(fleet::fleets), ReconcileListener.none(), stopGrace)) {
      if (dryRun) {
        PassReport report = reconciler.planOnce();
        out.println("Plan (dry run: nothing was changed):");
        FleetReport.printPlan(out, report.plan());
        return ExitCodes.OK;
      }
      PassReport report = reconciler.reconcileOnce();
      print(out, report, parts, fleet);
      return report.failures().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  /**
   * Passes on a schedule until SIGINT or SIGTERM, publishing the nodes through the status file and
   * socket ({@code steward status}), where {@code pause}, {@code resume} and {@code reload} are
   * answered. A reload reads the fleet file again, lets the pass under way finish, and goes on with
   * all of it: the fleets, the policy (thresholds and budgets), the selector and the interval. A
   * file that cannot be read is refused with its error and the daemon goes on as it was.
   */
  private int daemon(PrintWriter out, FleetConfig first) throws InterruptedException {
    AtomicReference<FleetConfig> current = new AtomicReference<>(first);
    Settings settings = settings();
    LoopDaemon daemon = LoopDaemon.install(stopGrace);
    try (Plugins plugins = root.loadPlugins();
        FleetParts parts = FleetParts.open(plugins.registry(), settings, first);
        Leadership leadership = Leadership.open(plugins.registry(), settings)) {
      parts.leadBy(leadership.election());
      return daemon.run(out, settings, () -> current.get().interval(), () -> current.set(FleetFile.read(config)), true,
          status -> {
            leadership.start(status, out, daemon::requestPass);
            return parts.reconciler(current.get(), parts.scaled(() -> current.get().fleets()),
                kinds -> ReconcileListener.all(List.of(new StatusListener(status, parts.store(), kinds), new PassLog(out))), stopGrace);
          },
          "Reconciling", "Stopped cleanly; the nodes keep running.");
    } finally {
      daemon.closed();
    }
  }

  /** The global settings, with {@code --store}. */
  Settings settings() {
    Settings settings = root.settings();
    return store == null ? settings : settings.toBuilder().set(CoreSettings.STATE_STORE, store).build();
  }

  /**
   * One pass acts only as the leader: campaigns once, and refuses when another instance leads (its
   * passes keep the fleet; a second actor would only race it). Closing the seat resigns.
   */
  static Leadership leadOnce(Plugins plugins, FleetParts parts) {
    Leadership leadership = Leadership.open(plugins.registry(), parts.settings());
    try {
      LeaderView view = leadership.election().campaign();
      if (!view.leading()) {
        throw new CommandFailure("another instance leads '" + leadership.election().name() + "'"
            + view.lease().map(l -> " (" + l.holder() + ", term " + l.term() + ", since " + l.since() + ")").orElse("")
            + ": it keeps the fleet, so this pass was not run. See 'steward status', or stop that instance first.");
      }
      parts.leadBy(leadership.election());
      return leadership;
    } catch (RuntimeException e) {
      leadership.close();
      throw e;
    }
  }

  /** One line per pass that did something, for the daemon's output; a follower's passes only plan, and say nothing. */
  record PassLog(PrintWriter out) implements ReconcileListener {
    @Override
    public void passFinished(PassReport report) {
      if (report.leading() && (!report.plan().isQuiet() || !report.plan().held().isEmpty())) {
        out.println(Instant.now() + " pass: " + report.plan().actions().size() + " actions, "
            + report.failures().size() + " failed, " + report.plan().held().size() + " held, " + report.took().toMillis() + " ms");
        FleetReport.printOutcomes(out, report);
        out.flush();
      }
    }
  }

  private static void print(PrintWriter out, PassReport report, FleetParts parts, FleetConfig fleet) {
    out.println("Drift: " + report.drift().counts());
    out.println("Plan:");
    FleetReport.printPlan(out, report.plan());
    out.println("Done:");
    FleetReport.printOutcomes(out, report);
    out.println("Nodes:");
    FleetReport.printNodes(out, parts.store().list(), fleet.fleets(), Instant.now());
  }
}
