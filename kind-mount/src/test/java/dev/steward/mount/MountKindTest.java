package dev.steward.mount;

import static dev.steward.mount.Fixtures.CLEANUP_DIR;
import static dev.steward.mount.Fixtures.CONFIG;
import static dev.steward.mount.Fixtures.DEMO_PARTS;
import static dev.steward.mount.Fixtures.HOST;
import static dev.steward.mount.Fixtures.NOW;
import static dev.steward.mount.Fixtures.demo;
import static dev.steward.mount.Fixtures.demoCleanup;
import static dev.steward.mount.Fixtures.demoRecord;
import static dev.steward.mount.Fixtures.key;
import static dev.steward.mount.Fixtures.project;
import static dev.steward.mount.Fixtures.record;
import static dev.steward.mount.Fixtures.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.Command;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.Transport;
import dev.steward.drift.Drift;
import dev.steward.drift.DriftClass;
import dev.steward.drift.DriftReport;
import dev.steward.mount.MountKind.Mode;
import dev.steward.plan.Budgets;
import dev.steward.plan.HeldAction;
import dev.steward.plan.Plan;
import dev.steward.plan.PlanRequest;
import dev.steward.reconcile.RecordAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MountKind#plan} against the rules, priorities and reason texts its class documents, word
 * for word. Plans are made as the loop makes them: drift classified with the kind's rules, the
 * server observed by a {@link ProjectProbe} (so its cleanup files are resources of the observation).
 */
class MountKindTest {
  private static final String ORPHAN = "orphan on srv.example: no local state records it as mounted";
  /** Planning is pure: the kind's transport and probe must not be used. */
  private static final Transport NO_TRANSPORT = (host, command) -> {
    throw new AssertionError("planning ran " + command + " on " + host);
  };

  private static MountKind kind(Mode mode) {
    return new MountKind(CONFIG, mode, NO_TRANSPORT, host -> {
      throw new AssertionError("planning observed " + host);
    });
  }

  private static Plan plan(Mode mode, List<ResourceRecord> records, Observation server, Budgets budgets) {
    MountKind kind = kind(mode);
    DriftReport drift = Drift.classify(records, List.of(server), kind.driftRules());
    return kind.plan(new PlanRequest(records, drift, List.of(server), Map.of(), NOW, budgets, Map.of()));
  }

  private static Plan plan(Mode mode, List<ResourceRecord> records, Observation server) {
    return plan(mode, records, server, Budgets.unlimited());
  }

  /** What a plan's spec holds of demo fully mounted as the probe reports it. */
  private static Spec foundDemo() {
    return new Spec(key("demo"), Map.of("parts", "editable,mount:/etc/demo.yml,mount:/var/lib/demo",
        "source_path", "/srv/projects/demo", "distribution", "demo-pkg"));
  }

  private static ObservedResource api() {
    return project("api", Set.of("editable", "mount:/opt/api", "mount:/opt/api/conf"), "api-pkg");
  }

  private static ObservedResource stray() {
    return project("stray", Set.of("editable"), "stray-pkg");
  }

  @Nested
  class Sync {
    @Test
    void adoptsAConfiguredProjectFoundOnTheServerThatIsNotRecorded() {
      Plan plan = plan(Mode.sync(), List.of(), server(List.of(demo()), Map.of()));

      assertThat(plan.actions()).containsExactly(new Action(ActionType.ADOPT, key("demo"), 1,
          "as MOUNTED (was (none)): found on srv.example", Optional.of(foundDemo())));
      assertThat(plan.held()).isEmpty();
    }

    @Test
    void adoptsAProjectRecordedAsUnmountedThatIsFoundOnTheServer() {
      Plan plan = plan(Mode.sync(), List.of(demoRecord(ProjectLifecycle.UNMOUNTED)), server(List.of(demo()), Map.of()));

      assertThat(plan.actions()).containsExactly(new Action(ActionType.ADOPT, key("demo"), 1,
          "as MOUNTED (was UNMOUNTED): found on srv.example", Optional.of(foundDemo())));
    }

    @Test
    void adoptsAProjectFoundOnTheServerThatIsRecordedAsMountingNotMounted() {
      Plan plan = plan(Mode.sync(), List.of(demoRecord(ProjectLifecycle.MOUNTING)), server(List.of(demo()), Map.of()));

      assertThat(plan.actions()).containsExactly(new Action(ActionType.ADOPT, key("demo"), 1,
          "as MOUNTED (was MOUNTING): found on srv.example", Optional.of(foundDemo())));
    }

    @Test
    void forgetsAMountedProjectThatIsGoneFromTheServer() {
      Plan plan = plan(Mode.sync(), List.of(demoRecord(ProjectLifecycle.MOUNTED)), server(List.of(), Map.of()));

      assertThat(plan.actions()).containsExactly(new Action(ActionType.FORGET, key("demo"), 1,
          "as UNMOUNTED (was MOUNTED): not on srv.example"));
    }

    @Test
    void forgetsAProjectRecordedAsUnmountingThatIsGoneFromTheServer() {
      Plan plan = plan(Mode.sync(), List.of(demoRecord(ProjectLifecycle.UNMOUNTING)), server(List.of(), Map.of()));

      assertThat(plan.actions()).containsExactly(new Action(ActionType.FORGET, key("demo"), 1,
          "as UNMOUNTED (was UNMOUNTING): not on srv.example"));
    }

    @Test
    void refreshesAMountedProjectWhoseRecordedPartsDifferFromWhatIsFound() {
      ResourceRecord onlyEditable = record("demo", ProjectLifecycle.MOUNTED,
          Map.of("parts", "editable", "source_path", "/srv/projects/demo", "distribution", "demo-pkg"));

      Plan plan = plan(Mode.sync(), List.of(onlyEditable), server(List.of(demo()), Map.of()));

      assertThat(plan.actions()).containsExactly(new Action(ActionType.ADOPT, key("demo"), 2,
          "as MOUNTED (was MOUNTED): refreshed what was found on srv.example", Optional.of(foundDemo())));
    }

    @Test
    void refreshesAMountedProjectMissingAMountWithWhatIsLeft() {
      ObservedResource partial = project("demo", Set.of("editable", "mount:/etc/demo.yml"), "demo-pkg");

      Plan plan = plan(Mode.sync(), List.of(demoRecord(ProjectLifecycle.MOUNTED)), server(List.of(partial), Map.of()));

      assertThat(plan.actions()).extracting(Action::type, Action::priority, Action::reason).containsExactly(
          tuple(ActionType.ADOPT, 2, "as MOUNTED (was MOUNTED): refreshed what was found on srv.example"));
      assertThat(plan.actions().get(0).spec().orElseThrow().property("parts")).contains("editable,mount:/etc/demo.yml");
    }

    @Test
    void plansNothingForAMountedProjectFoundAsRecorded() {
      Plan plan = plan(Mode.sync(), List.of(demoRecord(ProjectLifecycle.MOUNTED)), server(List.of(demo()), Map.of()));

      assertThat(plan.actions()).isEmpty();
      assertThat(plan.held()).isEmpty();
    }

    @Test
    void leavesAProjectInNoConfigurationAlone() {
      Observation server = server(List.of(stray()), Map.of("stray", new Cleanup("desktop", List.of(), List.of(), Optional.empty())));

      Plan plan = plan(Mode.sync(), List.of(), server);

      assertThat(Drift.classify(List.of(), List.of(server), kind(Mode.sync()).driftRules()).unmanaged())
          .extracting(ObservedResource::key).containsExactly(key("stray"));
      assertThat(plan.actions()).isEmpty();
      assertThat(plan.held()).isEmpty();
    }
  }

  @Nested
  class Clean {
    @Test
    void removesEveryConfiguredOrphanAndNoProjectInNoConfiguration() {
      Observation server = server(List.of(demo(), api(), stray()), Map.of("demo", demoCleanup("laptop")));

      Plan plan = plan(Mode.clean(List.of(), false), List.of(), server);

      Spec demoWithCleanup = foundDemo().with("created", "/etc/demo.yml");
      Spec apiFound = new Spec(key("api"), Map.of("parts", "editable,mount:/opt/api,mount:/opt/api/conf",
          "source_path", "/srv/projects/api", "distribution", "api-pkg"));
      assertThat(plan.actions()).containsExactly(
          new Action(ActionType.REMOVE, key("api"), 1, ORPHAN, Optional.of(apiFound)),
          new Action(ActionType.REMOVE, key("demo"), 1, ORPHAN, Optional.of(demoWithCleanup)));
      assertThat(plan.held()).isEmpty();
    }

    @Test
    void removesNothingThatIsRecordedAsMounted() {
      Plan plan = plan(Mode.clean(List.of(), false), List.of(demoRecord(ProjectLifecycle.MOUNTED)),
          server(List.of(demo()), Map.of("demo", demoCleanup("laptop"))));

      assertThat(plan.actions()).isEmpty();
      assertThat(plan.held()).isEmpty();
    }

    @Test
    void removesANamedProjectThatNoConfigurationKnows() {
      Plan plan = plan(Mode.clean(List.of("stray"), false), List.of(), server(List.of(demo(), stray()), Map.of()));

      assertThat(plan.actions()).containsExactly(new Action(ActionType.REMOVE, key("stray"), 1, "named, in no configuration",
          Optional.of(new Spec(key("stray"), Map.of("parts", "editable", "source_path", "/srv/projects/stray",
              "distribution", "stray-pkg")))));
      assertThat(plan.held()).isEmpty();
    }

    @Test
    void holdsANamedProjectThatIsNotAnOrphan() {
      Plan plan = plan(Mode.clean(List.of("demo"), false), List.of(demoRecord(ProjectLifecycle.MOUNTED)),
          server(List.of(demo()), Map.of()));

      assertThat(plan.actions()).isEmpty();
      assertThat(plan.held()).containsExactly(new HeldAction(new Action(ActionType.REMOVE, key("demo"), 1, ORPHAN),
          "demo is OK, recorded as MOUNTED: clean removes only what no local state claims as mounted"));
    }

    @Test
    void holdsANamedProjectThatIsNotOnTheServer() {
      Plan plan = plan(Mode.clean(List.of("ghost"), false), List.of(), server(List.of(demo()), Map.of()));

      assertThat(plan.actions()).isEmpty();
      assertThat(plan.held()).extracting(HeldAction::heldBecause).containsExactly("ghost is not on srv.example");
      assertThat(plan.held().get(0).action().target()).isEqualTo(key("ghost"));
    }

    @Test
    void holdsAnOrphanAnotherClientMountedUnlessForced() {
      Observation server = server(List.of(demo()), Map.of("demo", demoCleanup("desktop")));

      Plan plan = plan(Mode.clean(List.of(), false), List.of(), server);
      Plan forced = plan(Mode.clean(List.of(), true), List.of(), server);

      Action remove = new Action(ActionType.REMOVE, key("demo"), 1, ORPHAN, Optional.of(foundDemo().with("created", "/etc/demo.yml")));
      assertThat(plan.actions()).isEmpty();
      assertThat(plan.held()).containsExactly(new HeldAction(remove,
          "demo was mounted by client desktop, not by laptop; give --force to remove it anyway"));
      assertThat(forced.actions()).containsExactly(remove);
      assertThat(forced.held()).isEmpty();
    }

    @Test
    void cleansByUninstallingThenUnmountingDeepestFirstThenRemovingCreatedTargetsThenTheCleanupFile() {
      ObservedResource api = new ObservedResource(key("api"), Set.of("editable", "mount:/opt/api", "mount:/opt/api/conf"),
          Map.of("source_path", "/srv/projects/api"));
      Cleanup cleanup = new Cleanup("laptop", List.of("/opt/api", "/opt/api/conf"), List.of("/opt/api"), Optional.of("api-dist"));
      MountKind kind = kind(Mode.clean(List.of(), false));
      Plan plan = plan(Mode.clean(List.of(), false), List.of(), server(List.of(api), Map.of("api", cleanup)));

      List<Command> commands = kind.cleanCommands(plan.actions().get(0));

      assertThat(commands).extracting(Command::argv).containsExactly(
          List.of("python3", "-m", "pip", "uninstall", "-y", "--break-system-packages", "api-dist"),
          List.of("umount", "/opt/api/conf"),
          List.of("umount", "/opt/api"),
          List.of("sh", "-c", "mountpoint -q \"$1\" && exit 0; if [ -d \"$1\" ]; then rmdir -- \"$1\"; else rm -f -- \"$1\"; fi",
              "sh", "/opt/api"),
          List.of("rm", "-f", "--", CLEANUP_DIR + "/api.cleanup"));
      assertThat(commands.get(0).timeout()).contains(Duration.ofMinutes(5));
    }

    @Test
    void uninstallsTheDistributionFoundRatherThanTheOneTheCleanupFileNames() {
      Cleanup stale = new Cleanup("laptop", List.of("/etc/demo.yml", "/var/lib/demo"), List.of(), Optional.of("old-pkg"));
      MountKind kind = kind(Mode.clean(List.of(), false));
      Plan plan = plan(Mode.clean(List.of(), false), List.of(), server(List.of(demo()), Map.of("demo", stale)));

      assertThat(kind.cleanCommands(plan.actions().get(0))).extracting(Command::argv).containsExactly(
          List.of("python3", "-m", "pip", "uninstall", "-y", "--break-system-packages", "demo-pkg"),
          List.of("umount", "/var/lib/demo"),
          List.of("umount", "/etc/demo.yml"),
          List.of("rm", "-f", "--", CLEANUP_DIR + "/demo.cleanup"));
    }

    @Test
    void refusesToCleanAMountTargetFoundOnTheServerThatIsNotASafePath() {
      ObservedResource odd = new ObservedResource(key("demo"), Set.of("editable", "mount:/tmp/x;reboot"), Map.of());
      MountKind kind = kind(Mode.clean(List.of(), false));
      Plan plan = plan(Mode.clean(List.of(), false), List.of(), server(List.of(odd), Map.of()));

      assertThatThrownBy(() -> kind.cleanCommands(plan.actions().get(0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the mount target found on the server '/tmp/x;reboot' is not valid: give an absolute path other than /,"
              + " of letters, digits and ._/@+- only, without '.', '..' or empty segments and without a trailing /");
    }

    @Test
    void refusesToRemoveACreatedTargetOfTheCleanupFileThatIsNotASafePath() {
      Cleanup cleanup = new Cleanup("laptop", List.of(), List.of("/etc/../etc/passwd"), Optional.empty());
      MountKind kind = kind(Mode.clean(List.of(), false));
      Plan plan = plan(Mode.clean(List.of(), false), List.of(),
          server(List.of(project("demo", Set.of("editable"), "demo-pkg")), Map.of("demo", cleanup)));

      assertThatThrownBy(() -> kind.cleanCommands(plan.actions().get(0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("the created target in the cleanup file '/etc/../etc/passwd' is not valid");
    }
  }

  @Nested
  class MountMode {
    @Test
    void addsTheProjectWithWhatIsPresentAndWhatAnEarlierMountCreated() {
      ObservedResource editableOnly = project("demo", Set.of("editable"), "demo-pkg");

      Plan plan = plan(Mode.mount("demo"), List.of(), server(List.of(editableOnly), Map.of("demo", demoCleanup("laptop"))));

      assertThat(plan.actions()).containsExactly(new Action(ActionType.ADD, key("demo"), 0, "requested by laptop",
          Optional.of(new Spec(key("demo"), Map.of("parts", "editable", "source_path", "/srv/projects/demo",
              "distribution", "demo-pkg", "created", "/etc/demo.yml")))));
      assertThat(plan.held()).isEmpty();
    }

    @Test
    void addsAProjectThatIsNotOnTheServerWithNothingPresent() {
      Plan plan = plan(Mode.mount("demo"), List.of(), server(List.of(api()), Map.of()));

      assertThat(plan.actions()).containsExactly(new Action(ActionType.ADD, key("demo"), 0, "requested by laptop",
          Optional.of(Spec.of(key("demo")))));
    }

    @Test
    void refusesAProjectNoConfigurationKnows() {
      assertThatThrownBy(() -> kind(Mode.mount("nope")))
          .isInstanceOf(MountException.class)
          .hasMessage("no project 'nope' in the configuration; the projects are: [demo, api]");
    }
  }

  @Nested
  class Budget {
    @Test
    void holdsTheSecondRemoveWhenOneRemoveMayBeInFlight() {
      Observation server = server(List.of(demo(), api()), Map.of());

      Plan plan = plan(Mode.clean(List.of(), false), List.of(), server, Budgets.unlimited().with(ActionType.REMOVE, 1));

      assertThat(plan.actions()).extracting(Action::target).containsExactly(key("api"));
      assertThat(plan.held()).extracting(h -> h.action().target(), HeldAction::heldBecause).containsExactly(
          tuple(key("demo"), "budget: at most 1 REMOVE in flight, 1 under way"));
      assertThat(plan.underWay(ActionType.REMOVE)).isEqualTo(1);
    }

    @Test
    void countsAnotherProjectsUnfinishedMountAgainstTheAddBudget() {
      ResourceRecord apiHalfWay = record("api", ProjectLifecycle.MOUNTING, Map.of(RecordAttributes.PENDING_ACTION, "ADD"));

      Plan plan = plan(Mode.mount("demo"), List.of(apiHalfWay), server(List.of(), Map.of()),
          Budgets.unlimited().with(ActionType.ADD, 1));

      assertThat(plan.actions()).isEmpty();
      assertThat(plan.held()).extracting(HeldAction::heldBecause).containsExactly("budget: at most 1 ADD in flight, 1 under way");
      assertThat(plan.underWay(ActionType.ADD)).isEqualTo(1);
    }

    @Test
    void finishesAMountCutShortWithoutTakingASecondAdd() {
      ResourceRecord demoHalfWay = record("demo", ProjectLifecycle.MOUNTING, Map.of(RecordAttributes.PENDING_ACTION, "ADD"));

      Plan plan = plan(Mode.mount("demo"), List.of(demoHalfWay), server(List.of(), Map.of()),
          Budgets.unlimited().with(ActionType.ADD, 1));

      assertThat(plan.actions()).extracting(Action::type, Action::target)
          .containsExactly(tuple(ActionType.ADD, key("demo")));
      assertThat(plan.held()).isEmpty();
      assertThat(plan.underWay(ActionType.ADD)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "clean", "clean-named", "mount"})
  void plansNothingForAServerThatCouldNotBeObserved(String command) {
    Mode mode = switch (command) {
      case "sync" -> Mode.sync();
      case "clean" -> Mode.clean(List.of(), true);
      case "clean-named" -> Mode.clean(List.of("demo", "stray"), true);
      default -> Mode.mount("demo");
    };
    List<ResourceRecord> records = List.of(demoRecord(ProjectLifecycle.MOUNTED),
        record("api", ProjectLifecycle.UNMOUNTING, Map.of()));
    Observation unreachable = Observation.unreachable(HOST, NOW, "connection refused");
    MountKind kind = kind(mode);

    DriftReport drift = Drift.classify(records, List.of(unreachable), kind.driftRules());
    Plan plan = kind.plan(new PlanRequest(records, drift, List.of(unreachable), Map.of(), NOW, Budgets.unlimited(), Map.of()));

    assertThat(drift.entries()).extracting(e -> e.drift()).containsExactly(DriftClass.UNKNOWN, DriftClass.UNKNOWN);
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.held()).isEmpty();
  }

  @Test
  void plansNothingWhenTheServerWasNotObservedAtAll() {
    MountKind kind = kind(Mode.clean(List.of(), true));
    Observation elsewhere = Observation.reached("other.example", NOW, List.of());
    List<ResourceRecord> records = List.of(demoRecord(ProjectLifecycle.MOUNTED));
    DriftReport drift = Drift.classify(records, List.of(elsewhere), kind.driftRules());

    Plan plan = kind.plan(new PlanRequest(records, drift, List.of(elsewhere), Map.of(), NOW, Budgets.unlimited(), Map.of()));

    assertThat(plan.actions()).isEmpty();
  }

  @Nested
  class UnsafeNames {
    private static final String NAME_RULE = "is not valid: use letters, digits, '.', '_', '+' and '-',"
        + " starting with a letter or digit, at most 64 characters";
    private static final String PATH_RULE = "is not valid: give an absolute path other than /,"
        + " of letters, digits and ._/@+- only, without '.', '..' or empty segments and without a trailing /";

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "-rf", "a b", "demo;reboot", "", ".hidden"})
    void mountRefusesAProjectNameThatIsNotSafe(String name) {
      assertThatThrownBy(() -> Mode.mount(name)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the project name '" + name + "' " + NAME_RULE);
    }

    @Test
    void mountRefusesAProjectNameLongerThan64Characters() {
      String name = "p".repeat(65);

      assertThatThrownBy(() -> Mode.mount(name)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the project name '" + name + "' " + NAME_RULE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "$(reboot)", "a/b", "-f"})
    void cleanRefusesANamedProjectThatIsNotSafe(String name) {
      assertThatThrownBy(() -> Mode.clean(List.of("demo", name), false)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the project name '" + name + "' " + NAME_RULE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative/path", "/", "/etc/", "/etc/../shadow", "/etc/./demo", "/etc//demo", "/a b", "/$(reboot)",
        "/..", "/."})
    void configurationRefusesAMountTargetThatIsNotASafePath(String target) {
      assertThatThrownBy(() -> new ProjectConfig.BindMount("/srv/projects/demo/x", target))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the mount target '" + target + "' " + PATH_RULE);
    }

    @Test
    void configurationRefusesAProjectSourceThatIsNotASafePath() {
      assertThatThrownBy(() -> new ProjectConfig.Project("demo", "/srv/../root", List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the source of project demo '/srv/../root' " + PATH_RULE);
    }

    @Test
    void configurationRefusesAClientOrProjectNameThatIsNotSafe() {
      assertThatThrownBy(() -> new ProjectConfig(Fixtures.SERVER, "lap top", List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the client 'lap top' " + NAME_RULE);
      assertThatThrownBy(() -> new ProjectConfig.Project("../demo", "/srv/projects/demo", List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the project name '../demo' " + NAME_RULE);
    }

    @Test
    void acceptsSafeNamesAndPaths() {
      assertThat(Mode.mount("demo_2.0+dev-1")).isEqualTo(new Mode.Mount("demo_2.0+dev-1"));
      assertThat(new ProjectConfig.BindMount("/srv/projects/demo/etc@2/x.yml", "/etc/demo-1/x.yml").target())
          .isEqualTo("/etc/demo-1/x.yml");
    }
  }

  @Nested
  class Observing {
    @Test
    void readsEveryCleanupFileAsAResourceOfTheObservation() {
      Cleanup demo = demoCleanup("laptop");
      Cleanup api = new Cleanup("desktop", List.of("/opt/api"), List.of(), Optional.empty());

      Observation server = server(List.of(demo()), Map.of("demo", demo, "api", api));

      assertThat(Cleanup.in(server)).isEqualTo(Map.of("demo", demo, "api", api));
      assertThat(server.find(key("demo"))).contains(demo());
    }

    @Test
    void readsNoCleanupFilesFromAServerThatCouldNotBeObserved() {
      RecordingTransport transport = new RecordingTransport();
      ProjectProbe probe = new ProjectProbe(host -> Observation.unreachable(host, NOW, "connection refused"), transport,
          CLEANUP_DIR);

      Observation server = probe.observe(HOST);

      assertThat(server.unreachableReason()).contains("connection refused");
      assertThat(transport.commands()).isEmpty();
    }

    @Test
    void aCleanupFilesTextReadsBackAsItWasWritten() {
      Cleanup cleanup = new Cleanup("laptop", List.of("/etc/demo.yml", "/var/lib/demo"), List.of("/etc/demo.yml"),
          Optional.of("demo-pkg"));

      assertThat(cleanup.text()).isEqualTo("client laptop\ndistribution demo-pkg\nmount /etc/demo.yml\nmount /var/lib/demo\n"
          + "created /etc/demo.yml\n");
      assertThat(Cleanup.parseAll("== demo.cleanup\n" + cleanup.text())).isEqualTo(Map.of("demo", cleanup));
    }
  }

  @Test
  void expectsTheEditableInstallAndEveryMountTargetOfAConfiguredProject() {
    assertThat(kind(Mode.sync()).expectedParts("demo")).isEqualTo(DEMO_PARTS);
    assertThat(kind(Mode.sync()).expectedParts("stray")).isEmpty();
  }
}
