package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.ObservedResource;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.drift.DriftClass;
import dev.steward.drift.DriftEntry;
import dev.steward.examples.drift.MountDrift;
import dev.steward.examples.drift.ProjectFile;
import dev.steward.examples.fleet.FleetReport;
import dev.steward.examples.scenario.ExampleLifecycles;
import dev.steward.mount.Cleanup;
import dev.steward.mount.MountException;
import dev.steward.mount.MountKind;
import dev.steward.mount.ProjectConfig;
import dev.steward.plan.Budgets;
import dev.steward.plan.HeldAction;
import dev.steward.reconcile.ActionOutcome;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.ReconcileListener;
import dev.steward.reconcile.StatusListener;
import dev.steward.CoreSettings;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import picocli.CommandLine.ParameterException;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code steward drift}: the mount-drift scenario. A client mounts projects on a server (an
 * editable pip install plus bind mounts) and records what it did in a local state directory; these
 * commands compare that record with what the server really has, and repair either side.
 */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Compares mounted projects with the server, and repairs either side.",
        "What this client recorded as mounted is in its state directory; the server is asked over SSH.",
        "Every subcommand needs --config FILE and --state DIR (or --store postgres).",
        "Classes: OK (as recorded), PARTIAL (recorded, some parts missing), ORPHAN (on the server, not recorded",
        "as mounted), STALE (recorded, not on the server), UNKNOWN (the server could not be asked; show exits 1,",
        "and sync, clean and mount change nothing).",
        "The configuration (YAML), every field: see 'Project configuration' in the README, or in short:",
        "  server: {host: HOST, port: 22, user: root, identity: KEYFILE, known_hosts: FILE}",
        "  projects: [{name: demo, source: /srv/projects/demo,",
        "              mounts: [{source: /srv/projects/demo/etc/demo.yml, target: /etc/demo.yml}]}]"},
    subcommands = {DriftCommand.Show.class, DriftCommand.Sync.class, DriftCommand.Clean.class, DriftCommand.Mount.class,
        DriftCommand.Umount.class},
    synopsisSubcommandLabel = "COMMAND")
public final class DriftCommand implements Callable<Integer> {
  @ParentCommand
  StewardCommand root;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return MissingSubcommand.explain(spec, ", e.g. 'steward drift show --config FILE --state DIR'");
  }

  /** What every drift subcommand shares: the configuration, the state directory, the session. */
  abstract static class Subcommand implements Callable<Integer> {
    @ParentCommand
    DriftCommand drift;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The project configuration (YAML).")
    Path config;

    @Option(names = "--state", paramLabel = "DIR",
        description = "This client's state directory (a file store); a missing one is empty and is made.")
    Path state;

    @Option(names = "--store", paramLabel = "STORE", defaultValue = StoreChoice.FILE,
        description = {"Where this client's state is: file (the default, in --state DIR) or postgres",
            "(its connection from the steward.postgres.* settings)."})
    String storeKind;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    /** The settings and the store of this run, for subcommands that need more than the session. */
    Settings settings;
    StateStore store;
    /** Set when the subcommand runs passes until a signal: it must hear of everything closed. */
    LoopDaemon daemon;

    /** The interval to run passes at until a signal, or null for one pass. */
    Duration watchInterval() {
      return null;
    }

    @Override
    public Integer call() {
      ProjectConfig projects = ProjectFile.read(config);
      boolean postgres = postgres();
      Settings.Builder builder = drift.root.settings().toBuilder().lifecycles(ExampleLifecycles.all());
      settings = postgres ? builder.set(CoreSettings.STATE_STORE, StoreChoice.POSTGRES).build()
          : builder.set(FileStoreSettings.DIRECTORY, state.toAbsolutePath().normalize()).build();
      daemon = watchInterval() == null ? null : LoopDaemon.install(Duration.ofSeconds(10));
      try (Plugins plugins = drift.root.loadPlugins();
          StateStore opened = postgres ? plugins.registry().create(ExtensionPoint.STATE_STORE, settings) : FileStateStore.open(settings);
          MountDrift session = MountDrift.open(projects, opened, settings)) {
        store = opened;
        int code = run(projects, session);
        out().flush();
        return code;
      } finally {
        if (daemon != null) {
          daemon.closed();
        }
      }
    }

    abstract int run(ProjectConfig projects, MountDrift session);

    /** True for {@code --store postgres}; {@code --state} is then left out, and needed otherwise. */
    private boolean postgres() {
      if (!storeKind.equals(StoreChoice.FILE) && !storeKind.equals(StoreChoice.POSTGRES)) {
        throw new ParameterException(spec.commandLine(), "--store takes file or postgres, not '" + storeKind + "'");
      }
      boolean postgres = storeKind.equals(StoreChoice.POSTGRES);
      if (postgres && state != null) {
        throw new ParameterException(spec.commandLine(), "--state is the file store's folder; with --store postgres leave it out");
      }
      if (!postgres && state == null) {
        throw new ParameterException(spec.commandLine(), "Missing required option: '--state=DIR' (or give --store postgres)");
      }
      return postgres;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Shows each project: local state, editable install, bind mounts present/expected, class; then projects on the server no configuration knows.")
  static final class Show extends Subcommand {
    @Option(names = "--json", description = "Prints one JSON document instead of the table.")
    boolean json;

    @Option(names = "--server-only", description = "Lists only what is on the server: each project found there, configured or not, "
        + "with its editable install, bind mounts and the client that mounted it; local state is not read.")
    boolean serverOnly;

    @Override
    int run(ProjectConfig projects, MountDrift session) {
      MountDrift.Survey survey = session.survey();
      if (serverOnly) {
        printServer(projects, session, survey);
      } else if (json) {
        printJson(projects, session, survey);
      } else {
        printTable(projects, session, survey);
      }
      return survey.reachable() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Every project the server has, configured or not: nothing about local state. */
    private void printServer(ProjectConfig projects, MountDrift session, MountDrift.Survey survey) {
      List<ObservedResource> onServer = survey.observation().resources().stream()
          .filter(r -> r.key().kind().equals("project")).sorted(java.util.Comparator.comparing(r -> r.key().name())).toList();
      if (json) {
        ObjectNode document = StateSubcommand.JSON.createObjectNode();
        document.put("server", session.host());
        document.put("reachable", survey.reachable());
        document.put("reason", survey.observation().unreachableReason().orElse(null));
        ArrayNode list = document.putArray("projects");
        for (ObservedResource o : onServer) {
          ObjectNode node = list.addObject();
          node.put("name", o.key().name());
          node.put("configured", projects.project(o.key().name()).isPresent());
          node.put("editable", o.parts().contains("editable"));
          ArrayNode targets = node.putArray("mounts");
          mountTargets(o).forEach(targets::add);
          node.put("mounted_by", Optional.ofNullable(survey.cleanups().get(o.key().name())).map(Cleanup::client).orElse(null));
        }
        try {
          out().println(StateSubcommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new java.io.UncheckedIOException("Could not write JSON", e);
        }
        return;
      }
      PrintWriter out = out();
      if (!survey.reachable()) {
        out.println("Server " + session.host() + ": UNKNOWN, " + survey.observation().unreachableReason().orElseThrow());
        return;
      }
      if (onServer.isEmpty()) {
        out.println("Server " + session.host() + ": no project is mounted there.");
        return;
      }
      out.println("Server " + session.host() + ":");
      TextTable table = new TextTable("PROJECT", "CONFIGURED", "EDITABLE", "MOUNTS", "MOUNTED BY");
      for (ObservedResource o : onServer) {
        table.row(o.key().name(), projects.project(o.key().name()).isPresent() ? "yes" : "no", o.parts().contains("editable") ? "yes" : "no",
            String.join(", ", mountTargets(o)), Optional.ofNullable(survey.cleanups().get(o.key().name())).map(Cleanup::client).orElse("?"));
      }
      table.print(out);
    }

    private void printTable(ProjectConfig projects, MountDrift session, MountDrift.Survey survey) {
      PrintWriter out = out();
      out.println("Server " + session.host() + (survey.reachable() ? "" : ": UNKNOWN, " + survey.observation().unreachableReason().orElseThrow()));
      TextTable table = new TextTable("PROJECT", "LOCAL STATE", "EDITABLE", "MOUNTS", "CLASS", "NOTE");
      for (Row row : rows(projects, survey)) {
        table.row(row.name, row.localState, row.editable, row.mounts, row.drift, row.note);
      }
      table.print(out);
      List<ObservedResource> unmanaged = survey.report().unmanaged();
      if (!unmanaged.isEmpty()) {
        out.println();
        out.println("On the server, in no configuration:");
        TextTable others = new TextTable("PROJECT", "EDITABLE", "MOUNTS", "MOUNTED BY");
        for (ObservedResource o : unmanaged) {
          others.row(o.key().name(), o.parts().contains("editable") ? "yes" : "no", Integer.toString(mountTargets(o).size()),
              Optional.ofNullable(survey.cleanups().get(o.key().name())).map(Cleanup::client).orElse("?"));
        }
        others.print(out);
      }
    }

    private void printJson(ProjectConfig projects, MountDrift session, MountDrift.Survey survey) {
      ObjectNode document = StateSubcommand.JSON.createObjectNode();
      document.put("server", session.host());
      document.put("client", projects.client());
      document.put("reachable", survey.reachable());
      document.put("reason", survey.observation().unreachableReason().orElse(null));
      ArrayNode list = document.putArray("projects");
      for (Row row : rows(projects, survey)) {
        ObjectNode node = list.addObject();
        node.put("name", row.name);
        node.put("local_state", row.localState);
        node.put("editable", row.editable);
        node.put("mounts_present", row.present);
        node.put("mounts_expected", row.expected);
        node.put("class", row.drift);
        ArrayNode missing = node.putArray("missing");
        row.missing.forEach(missing::add);
        node.put("note", row.note);
      }
      ArrayNode unmanaged = document.putArray("unmanaged");
      for (ObservedResource o : survey.report().unmanaged()) {
        ObjectNode node = unmanaged.addObject();
        node.put("name", o.key().name());
        node.put("editable", o.parts().contains("editable"));
        ArrayNode targets = node.putArray("mounts");
        mountTargets(o).forEach(targets::add);
        node.put("source_path", o.attributes().getOrDefault("source_path", ""));
        node.put("mounted_by", Optional.ofNullable(survey.cleanups().get(o.key().name())).map(Cleanup::client).orElse(null));
      }
      try {
        out().println(StateSubcommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new java.io.UncheckedIOException("Could not write JSON", e);
      }
    }

    private static final class Row {
      String name;
      String localState = "-";
      String editable = "-";
      String mounts = "-";
      int present;
      int expected;
      String drift = "-";
      Set<String> missing = new TreeSet<>();
      String note = "";
    }

    private static List<Row> rows(ProjectConfig projects, MountDrift.Survey survey) {
      List<Row> rows = new ArrayList<>();
      Set<String> names = new TreeSet<>();
      projects.projects().forEach(p -> names.add(p.name()));
      survey.report().entries().forEach(e -> names.add(e.key().name()));
      for (String name : names) {
        Row row = new Row();
        row.name = name;
        Optional<ProjectConfig.Project> project = projects.project(name);
        Optional<DriftEntry> entry = survey.report().entries().stream().filter(e -> e.key().name().equals(name)).findFirst();
        Optional<ResourceRecord> record = survey.records().stream().filter(r -> r.key().name().equals(name)).findFirst();
        row.localState = record.map(ResourceRecord::state).orElse("-");
        row.expected = project.map(p -> p.mounts().size()).orElse(0);
        Optional<ObservedResource> seen = survey.observation().resources().stream()
            .filter(r -> r.key().kind().equals("project") && r.key().name().equals(name)).findFirst();
        if (survey.reachable()) {
          row.editable = seen.filter(s -> s.parts().contains("editable")).isPresent() ? "yes" : "no";
          Set<String> expectedTargets = new TreeSet<>();
          project.ifPresent(p -> p.mounts().forEach(m -> expectedTargets.add(m.target())));
          row.present = (int) seen.map(Show::mountTargets).orElse(List.of()).stream().filter(expectedTargets::contains).count();
          row.mounts = row.present + "/" + row.expected;
        } else {
          row.mounts = "?/" + row.expected;
          row.editable = "?";
        }
        if (entry.isPresent()) {
          row.drift = entry.get().drift().name();
          row.missing = new TreeSet<>(entry.get().missingParts());
          row.note = entry.get().reason();
        } else if (!survey.reachable()) {
          row.drift = DriftClass.UNKNOWN.name();
          row.note = "not recorded; the server could not be asked";
        } else {
          row.note = "not mounted";
        }
        Cleanup cleanup = survey.cleanups().get(name);
        if (cleanup != null && !cleanup.client().equals(projects.client()) && seen.isPresent()) {
          row.note = row.note + "; mounted by client " + cleanup.client();
        }
        if (cleanup != null && seen.isEmpty() && survey.reachable()) {
          // What a failed unmount leaves: nothing mounted, the cleanup file still there.
          if (entry.isEmpty() || entry.get().drift() == DriftClass.OK) {
            row.drift = DriftClass.ORPHAN.name();
          }
          row.note = "its cleanup file is left on the server (a failed unmount?); 'drift umount " + name + "' removes it";
        }
        rows.add(row);
      }
      return rows;
    }

    static List<String> mountTargets(ObservedResource resource) {
      List<String> targets = new ArrayList<>();
      for (String part : resource.parts()) {
        if (part.startsWith("mount:")) {
          targets.add(part.substring("mount:".length()));
        }
      }
      return targets;
    }
  }

  /** What the subcommands that change something share: a dry run and the loop's budgets. */
  abstract static class Acting extends Subcommand {
    @Option(names = "--dry-run", description = "Prints the plan, with each action's reason, and changes nothing.")
    boolean dryRun;

    @Option(names = "--budget", paramLabel = "TYPE=N",
        description = "At most N actions of TYPE (ADOPT, FORGET, REMOVE, ADD) in one pass; may be repeated. Default: no limit.")
    Map<ActionType, Integer> budgets = new LinkedHashMap<>();

    /** One pass of the loop in {@code mode}, its plan printed with reasons after the command's own lines. */
    PassReport pass(MountDrift session, MountKind kind, String what) {
      return session.pass(kind, limits(), dryRun, ReconcileListener.none(), what);
    }

    Budgets limits() {
      Budgets limits = Budgets.unlimited();
      for (Map.Entry<ActionType, Integer> budget : budgets.entrySet()) {
        limits = limits.with(budget.getKey(), budget.getValue());
      }
      return limits;
    }

    /**
     * Passes of {@code kind} every {@code interval} until SIGINT or SIGTERM, with its projects in
     * the live status. A pass on a server that cannot be observed changes nothing and shows its
     * projects' last state; a pass that fails is logged and the next one runs on time.
     */
    int watch(MountDrift session, MountKind kind, Duration interval, String doing) {
      if (dryRun) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--watch acts on every pass: leave out --dry-run");
      }
      try {
        return daemon.run(out(), settings, interval, () -> { },
            status -> session.reconciler(kind, limits(), ReconcileListener.all(List.of(
                new StatusListener(status, store, List.of(kind)), new ReconcileCommand.PassLog(out())))),
            doing, "Stopped cleanly.");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCodes.FAILED;
      }
    }

    void printPass(PassReport report) {
      PrintWriter out = out();
      out.println(dryRun ? "Plan (dry run):" : "Pass (" + FleetReport.duration(report.took()) + "):");
      FleetReport.printPlan(out, report.plan());
      if (!dryRun) {
        FleetReport.printOutcomes(out, report);
      }
    }
  }

  /** A subcommand that may also run its passes on a schedule, publishing its projects to live status. */
  abstract static class Watching extends Acting {
    @Option(names = "--watch", paramLabel = "INTERVAL", converter = StateOptions.DurationConverter.class,
        description = "Runs a pass every INTERVAL until interrupted, publishing the projects to 'steward status' (pause and resume are answered).")
    Duration watch;

    @Override
    Duration watchInterval() {
      return watch;
    }
  }

  @Command(name = "sync", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Makes local state match the server: records what is there as MOUNTED and what is gone as UNMOUNTED. Refuses when the server cannot be asked.")
  static final class Sync extends Watching {
    @Override
    int run(ProjectConfig projects, MountDrift session) {
      if (watch != null) {
        return watch(session, session.kind(MountKind.Mode.sync()), watch, "Syncing local state with " + session.host());
      }
      PassReport report = pass(session, session.kind(MountKind.Mode.sync()), "sync");
      PrintWriter out = out();
      if (dryRun) {
        report.plan().actions().forEach(a -> out.println("would record " + a.target().name() + " " + a.reason()));
      } else {
        for (ActionOutcome outcome : report.outcomes()) {
          out.println(outcome.failed() ? "could not record " + outcome.action().target().name() + ": " + outcome.detail() : outcome.detail());
        }
      }
      report.plan().held().forEach(h -> out.println("held " + h.action().target().name() + " " + h.action().reason() + ": " + h.heldBecause()));
      for (ObservedResource unmanaged : report.drift().unmanaged()) {
        out.println("left " + unmanaged.key().name() + " alone: on " + session.host() + " but in no configuration");
      }
      if (report.plan().actions().isEmpty() && report.plan().held().isEmpty()) {
        out.println("local state already matches " + session.host());
      }
      printPass(report);
      if (dryRun) {
        out.println("(dry run: local state was not changed)");
      }
      return report.failures().isEmpty() && report.plan().held().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  @Command(name = "clean", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {"Removes orphaned projects from the server, even when the state directory is gone.",
          "Orphans are those no local state records as mounted; removing one means pip uninstall, umount,",
          "and deleting the created targets and the cleanup file.",
          "Refuses when the server cannot be asked, and skips projects another client mounted unless --force."})
  static final class Clean extends Watching {
    @Option(names = "--force", description = "Also removes projects another client's cleanup file names.")
    boolean force;

    @Parameters(paramLabel = "PROJECT", arity = "0..*",
        description = "Only these projects, which may be ones no configuration knows (default: every configured orphan).")
    List<String> only = new ArrayList<>();

    @Override
    int run(ProjectConfig projects, MountDrift session) {
      MountKind kind = session.kind(MountKind.Mode.clean(only, force));
      if (watch != null) {
        return watch(session, kind, watch, "Cleaning orphans from " + session.host());
      }
      PassReport report = pass(session, kind, "clean");
      PrintWriter out = out();
      if (report.plan().actions().isEmpty() && report.plan().held().isEmpty()) {
        out.println("Nothing to clean on " + session.host() + ": no orphaned projects.");
      }
      for (HeldAction held : report.plan().held()) {
        out.println("skipped " + (held.heldBecause().startsWith("budget:") ? held.action().target().name() + ", " : "") + held.heldBecause());
      }
      Map<Action, ActionOutcome> outcomes = new LinkedHashMap<>();
      report.outcomes().forEach(o -> outcomes.put(o.action(), o));
      for (Action action : report.plan().actions()) {
        out.println((dryRun ? "would clean " : "cleaning ") + action.target().name() + " on " + session.host() + ":");
        kind.cleanCommands(action).forEach(c -> out.println("  " + c.display()));
        ActionOutcome outcome = outcomes.get(action);
        if (outcome != null && outcome.failed()) {
          out.println("  failed: " + outcome.detail());
        }
      }
      printPass(report);
      if (dryRun) {
        out.println("(dry run: nothing was changed on the server)");
      }
      return report.failures().isEmpty() && report.plan().held().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  @Command(name = "umount", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {
          "Takes a project off the server, with or without local state.",
          "In order: pip uninstall, unmount deepest first, remove the targets mount",
          "created and the cleanup file; local state, when it has the project, goes",
          "UNMOUNTED. Without local state it works from what the server shows and its",
          "cleanup file. Refuses another client's project unless --force."})
  static final class Umount extends Acting {
    @Parameters(paramLabel = "PROJECT", description = "The project, configured or not.")
    String project;

    @Option(names = "--force", description = "Goes on past a failing step, reporting each; also unmounts another client's project.")
    boolean force;

    @Option(names = "--restart", description = "Then restarts the service the configuration names for the project ('service:').")
    boolean restart;

    @Override
    int run(ProjectConfig projects, MountDrift session) {
      MountKind kind = session.kind(MountKind.Mode.umount(project, force, restart));
      PassReport report = pass(session, kind, "umount");
      PrintWriter out = out();
      if (!report.plan().held().isEmpty()) {
        report.plan().held().forEach(h -> out.println("refused: " + h.heldBecause()));
        return ExitCodes.FAILED;
      }
      if (report.plan().actions().isEmpty()) {
        out.println(report.failures().isEmpty() && session.survey().reachable()
            ? project + " is not on " + session.host() + " and local state does not record it as mounted: nothing to do."
            : "Nothing was done: " + session.host() + " could not be asked (" + session.survey().observation().unreachableReason()
                .orElse("see above") + ").");
        return session.survey().reachable() ? ExitCodes.OK : ExitCodes.FAILED;
      }
      Map<Action, ActionOutcome> outcomes = new LinkedHashMap<>();
      report.outcomes().forEach(o -> outcomes.put(o.action(), o));
      for (Action action : report.plan().actions()) {
        if (action.type() == dev.steward.ActionType.FORGET) {
          out.println((dryRun ? "would record " : "recorded ") + project + " " + action.reason());
          continue;
        }
        out.println((dryRun ? "would unmount " : "unmounting ") + project + " on " + session.host() + ":");
        kind.cleanCommands(action).forEach(c -> out.println("  " + c.display()));
        ActionOutcome outcome = outcomes.get(action);
        if (outcome != null) {
          out.println("  " + (outcome.failed() ? "failed: " : "") + outcome.detail());
        }
      }
      if (dryRun) {
        out.println("(dry run: nothing was changed on the server)");
        return ExitCodes.OK;
      }
      return report.failures().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  @Command(name = "mount", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Sets a project up on the server (pip install -e of its source, its bind mounts, a cleanup file) and records it as MOUNTED.")
  static final class Mount extends Acting {
    @Parameters(paramLabel = "PROJECT", description = "A project of the configuration.")
    String project;

    @Override
    int run(ProjectConfig projects, MountDrift session) {
      MountKind kind;
      try {
        kind = session.kind(MountKind.Mode.mount(project));
      } catch (IllegalArgumentException e) {
        throw new MountException(e.getMessage());
      }
      out().println((dryRun ? "would mount " : "mounting ") + project + " on " + session.host() + ":");
      out().flush();
      PassReport report = pass(session, kind, "mount");
      if (dryRun) {
        printPass(report);
        out().println("(dry run: nothing was changed on the server)");
        return ExitCodes.OK;
      }
      for (ActionOutcome outcome : report.outcomes()) {
        if (outcome.failed()) {
          throw new MountException(outcome.detail());
        }
        out().println("  " + outcome.detail());
      }
      report.plan().held().forEach(h -> out().println("held " + h.action().target().name() + ": " + h.heldBecause()));
      if (!report.plan().held().isEmpty()) {
        return ExitCodes.FAILED;
      }
      out().println("mounted " + project);
      return ExitCodes.OK;
    }
  }
}
