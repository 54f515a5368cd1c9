package dev.steward.examples.scenario;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CoreSettings;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.drift.DriftClass;
import dev.steward.examples.drift.MountDrift;
import dev.steward.examples.drift.ProjectFile;
import dev.steward.mount.MountKind;
import dev.steward.mount.ProjectConfig;
import dev.steward.mount.ProjectLifecycle;
import dev.steward.plan.Budgets;
import dev.steward.reconcile.ActionOutcome;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.ReconcileListener;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code mount-drift}: a project mounted on a real server (the lab's first Debian host container,
 * over ssh) with an editable pip install and two bind mounts, and what happens when local state and
 * the server disagree: mount, show, the local state lost (ORPHAN), clean as a dry run and for real, a
 * mount taken half off by hand (PARTIAL), and umount with no local state at all, from the server's
 * cleanup file. Every step checks the server and the state. Needs the lab: {@code sudo
 * lab/host-container.sh start}. Stateless.
 */
public final class MountDriftScenario implements Scenario {
  private static final String PROJECT = "mount-demo";
  private static final String ROOT = "/srv/steward-demo";
  private static final String SOURCE = ROOT + "/" + PROJECT;
  private static final String FILE_TARGET = "/etc/steward-demo/" + PROJECT + ".yml";
  private static final String DIR_TARGET = "/opt/steward-demo/" + PROJECT + "/etc";
  /** What removes every trace of the project from the server (each step may find nothing), as shell. */
  private static final String CLEAR = "for t in " + DIR_TARGET + " " + FILE_TARGET + "; do while mountpoint -q $t; do umount $t; done; done;"
      + " python3 -m pip uninstall -y --break-system-packages " + PROJECT + " >/dev/null 2>&1;"
      + " rm -rf " + ROOT + " /etc/steward-demo /opt/steward-demo /var/lib/steward-drift/" + PROJECT + ".cleanup;";

  @Override
  public String name() {
    return "mount-drift";
  }

  @Override
  public String description() {
    return "a project mounted on a lab host over ssh (pip install -e and bind mounts): local state lost (ORPHAN), clean, "
        + "a partial unmount, umount without local state";
  }

  @Override
  public void run(ScenarioContext context) {
    PrintWriter out = context.out();
    SystemdFleetScenario.LabHosts lab = SystemdFleetScenario.LabHosts.read(
        Path.of(System.getenv().getOrDefault("STEWARD_LAB_HOST", SystemdFleetScenario.DEFAULT_LAB.toString())), name(), 1);
    Path work = context.directory().orElseGet(MountDriftScenario::temporaryFolder);
    try {
      Files.createDirectories(work);
      Path configFile = work.resolve("projects.yml");
      Files.writeString(configFile, configuration(lab));
      Path state = work.resolve("drift-state");
      Settings settings = context.settings().toBuilder()
          .lifecycles(ProjectLifecycle.LIFECYCLE)
          .set(CoreSettings.STATE_STORE, "file")
          .set(FileStoreSettings.DIRECTORY, state)
          .build();
      ProjectConfig config = ProjectFile.read(configFile);
      out.println("A client mounts project '" + PROJECT + "' on the lab host " + config.server().host() + " (a Debian container,");
      out.println("reached over ssh): pip install -e of its source and two bind mounts, recorded in " + state + ".");
      out.println("The project configuration, " + configFile + ":");
      configuration(lab).lines().forEach(l -> out.println("  " + l));
      try (FileStateStore store = FileStateStore.open(settings);
          MountDrift session = MountDrift.open(config, store, settings)) {
        new Story(out, session, store).play();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (context.directory().isEmpty()) {
        deleteTree(work);
      }
    }
  }

  private static String configuration(SystemdFleetScenario.LabHosts lab) {
    return String.join("\n",
        "server:",
        "  host: " + lab.address(1),
        "  port: " + lab.port(1),
        "  identity: " + lab.identity(),
        "  known_hosts: " + lab.knownHosts(),
        "  pip_install_options: [--break-system-packages, --no-build-isolation]",
        "  pip_uninstall_options: [--break-system-packages]",
        "client: scenario",
        "projects:",
        "  - name: " + PROJECT,
        "    source: " + SOURCE,
        "    mounts:",
        "      - {source: " + SOURCE + "/etc/app.yml, target: " + FILE_TARGET + "}",
        "      - {source: " + SOURCE + "/etc, target: " + DIR_TARGET + "}",
        "");
  }

  /** The steps; each checks the server and the state it leaves. */
  private static final class Story {
    private final PrintWriter out;
    private final MountDrift session;
    private final FileStateStore store;
    private final ResourceKey key;

    Story(PrintWriter out, MountDrift session, FileStateStore store) {
      this.out = out;
      this.session = session;
      this.store = store;
      this.key = ResourceKey.of(MountKind.KIND, PROJECT, session.host());
    }

    void play() {
      prepareServer();
      try {
        heading("1. mount: pip install -e, the bind mounts, a cleanup file on the server; recorded MOUNTED");
        report(pass(MountKind.Mode.mount(PROJECT), false));
        expect(server(), "editable,mounted,mounted,cleanup");
        expectClass(DriftClass.OK, ProjectLifecycle.MOUNTED);

        heading("2. The local state is lost (the record deleted): the server still has it, so it is ORPHAN");
        store.delete(key);
        expectClass(DriftClass.ORPHAN, null);

        heading("3. clean --dry-run prints what it would run, in order, and changes nothing");
        PassReport dry = pass(MountKind.Mode.clean(List.of(), false), true);
        MountKind clean = session.kind(MountKind.Mode.clean(List.of(), false));
        for (Action action : dry.plan().actions()) {
          out.println("   would clean " + action.target().name() + " (" + action.reason() + "):");
          clean.cleanCommands(action).forEach(c -> out.println("     " + c.display()));
        }
        expect(server(), "editable,mounted,mounted,cleanup");

        heading("4. clean removes the orphan: pip uninstall, unmount deepest first, the targets it made, the cleanup file");
        report(pass(MountKind.Mode.clean(List.of(), false), false));
        expect(server(), "-,-,-,-");

        heading("5. Mounted again, then one bind mount taken off by hand: PARTIAL");
        report(pass(MountKind.Mode.mount(PROJECT), false));
        run("umount " + DIR_TARGET);
        out.println("   " + session.host() + "$ umount " + DIR_TARGET);
        expectClass(DriftClass.PARTIAL, ProjectLifecycle.MOUNTED);
        out.println("   mount again completes it and says what was there already:");
        report(pass(MountKind.Mode.mount(PROJECT), false));
        expectClass(DriftClass.OK, ProjectLifecycle.MOUNTED);

        heading("6. umount with no local state at all: from what the server shows and its cleanup file");
        store.delete(key);
        report(pass(MountKind.Mode.umount(PROJECT, false, false), false));
        expect(server(), "-,-,-,-");
        if (store.find(key).isPresent()) {
          throw new StewardException("The mount-drift scenario expected no record after an umount without local state, found "
              + store.find(key).get());
        }
        out.println();
        out.println("The server is as before the scenario. From the shell: steward drift show|mount|umount|sync|clean"
            + " --config FILE --state DIR (steward drift --help).");
      } finally {
        run(CLEAR + " true");
      }
    }

    /** A fresh tiny package on the server, and nothing an earlier run left. */
    private void prepareServer() {
      run(CLEAR + " mkdir -p " + SOURCE + "/pkg " + SOURCE + "/etc && touch " + SOURCE + "/pkg/__init__.py && echo 'greeting: hello' > "
          + SOURCE + "/etc/app.yml && printf '[project]\\nname = \"" + PROJECT + "\"\\nversion = \"1.0\"\\n[build-system]\\n"
          + "requires = [\"setuptools\"]\\nbuild-backend = \"setuptools.build_meta\"\\n[tool.setuptools]\\npackages = [\"pkg\"]\\n' > "
          + SOURCE + "/pyproject.toml");
    }

    private PassReport pass(MountKind.Mode mode, boolean dryRun) {
      return session.pass(session.kind(mode), Budgets.unlimited(), dryRun, ReconcileListener.none(), mode.getClass().getSimpleName());
    }

    private void report(PassReport report) {
      for (ActionOutcome outcome : report.outcomes()) {
        out.println("   " + (outcome.failed() ? "FAILED " : "") + outcome.action().type() + " " + outcome.action().target().name()
            + ": " + outcome.detail());
        if (outcome.failed()) {
          throw new StewardException("The mount-drift scenario expected " + outcome.action() + " to work: " + outcome.detail());
        }
      }
      if (report.outcomes().isEmpty()) {
        out.println("   (nothing to do)");
      }
    }

    /** editable, each mount, the cleanup file: "editable"/"mounted"/"cleanup", or "-" for absent. */
    private String server() {
      String script = "python3 -m pip list -e --format=freeze 2>/dev/null | grep -q '^" + PROJECT + "==' && printf editable || printf -;"
          + " for t in " + FILE_TARGET + " " + DIR_TARGET + "; do mountpoint -q $t && printf ,mounted || printf ,-; done;"
          + " test -e /var/lib/steward-drift/" + PROJECT + ".cleanup && printf ,cleanup || printf ,-";
      return run(script).stdout().strip();
    }

    private void expect(String actual, String expected) {
      out.println("   on the server: " + actual.replace(",", ", ").replace("-", "(none)"));
      if (!actual.equals(expected)) {
        throw new StewardException("The mount-drift scenario expected the server to show " + expected + ", found " + actual);
      }
    }

    private void expectClass(DriftClass drift, String state) {
      MountDrift.Survey survey = session.survey();
      Optional<DriftClass> found = survey.report().entries().stream().filter(e -> e.key().equals(key)).map(e -> e.drift()).findFirst();
      Optional<String> recorded = store.find(key).map(r -> r.state());
      out.println("   show: " + PROJECT + " is " + found.map(Enum::name).orElse("(not classified)") + ", local state "
          + recorded.orElse("(none)"));
      if (!found.equals(Optional.of(drift)) || !recorded.equals(Optional.ofNullable(state))) {
        throw new StewardException("The mount-drift scenario expected " + PROJECT + " to be " + drift + " with local state "
            + Optional.ofNullable(state).orElse("(none)") + ", found " + found.map(Enum::name).orElse("nothing") + " and "
            + recorded.orElse("(none)"));
      }
    }

    private CommandResult run(String script) {
      return session.transport().run(session.host(), Command.of("sh", "-c", script));
    }

    private void heading(String title) {
      out.println();
      out.println(title);
    }
  }

  private static Path temporaryFolder() {
    try {
      return Files.createTempDirectory("steward-mount-drift");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
