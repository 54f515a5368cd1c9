package dev.steward.mount;

import static dev.steward.mount.Fixtures.CLEANUP_DIR;
import static dev.steward.mount.Fixtures.CONFIG;
import static dev.steward.mount.Fixtures.demo;
import static dev.steward.mount.Fixtures.demoCleanup;
import static dev.steward.mount.Fixtures.key;
import static dev.steward.mount.Fixtures.listing;
import static dev.steward.mount.Fixtures.listsCleanups;
import static dev.steward.mount.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.steward.ActionType;
import dev.steward.Command;
import dev.steward.CoreSettings;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.Probe;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.Transition;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.drift.DriftClass;
import dev.steward.mount.MountKind.Mode;
import dev.steward.plan.Budgets;
import dev.steward.reconcile.ActionOutcome;
import dev.steward.reconcile.Backoff;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.Reconciler;
import dev.steward.reconcile.RecordAttributes;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MountKind#act} on the real path: passes of a {@link Reconciler} over a memory store, the
 * server a {@link RecordingTransport} that answers as the server would, observed through the kind's
 * own {@link ProjectProbe}. Asserts the exact commands, each argument one word, and what local state
 * records.
 */
class MountActionsTest {
  private static final String MAKE_TARGET = "[ -e \"$2\" ] && exit 3; mkdir -p -- \"${2%/*}\" && if [ -d \"$1\" ];"
      + " then mkdir -- \"$2\"; else : > \"$2\"; fi";
  private static final String WRITE_CLEANUP = "umask 077 && cat > \"$1.tmp\" && mv -f -- \"$1.tmp\" \"$1\"";
  private static final String REMOVE_CREATED = "mountpoint -q \"$1\" && exit 0; if [ -d \"$1\" ]; then rmdir -- \"$1\";"
      + " else rm -f -- \"$1\"; fi";
  private static final List<String> PIP_INSTALL = List.of("python3", "-m", "pip", "install", "--no-build-isolation", "-e",
      "/srv/projects/demo");

  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final RecordingTransport transport = new RecordingTransport();
  private StateStore store;

  @BeforeEach
  void openStore() {
    store = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE, Settings.builder()
        .set(CoreSettings.STATE_STORE, "memory").clock(clock).lifecycles(ProjectLifecycle.LIFECYCLE).build());
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /**
   * The server as its probe sees it after the commands run so far: demo installed once pip installed
   * it, and each target bound by {@code mount --bind} and not unmounted since.
   */
  private final Probe server = host -> {
    Set<String> parts = new TreeSet<>();
    for (List<String> argv : transport.argvs()) {
      if (argv.equals(PIP_INSTALL)) {
        parts.add(MountKind.EDITABLE);
      } else if (argv.size() == 4 && argv.get(0).equals("mount")) {
        parts.add(MountKind.MOUNT + argv.get(3));
      } else if (argv.size() == 2 && argv.get(0).equals("umount")) {
        parts.remove(MountKind.MOUNT + argv.get(1));
      }
    }
    List<ObservedResource> found = parts.isEmpty() ? List.of() : List.of(project("demo", parts, "demo-pkg"));
    return Observation.reached(host, clock.instant(), found);
  };

  private PassReport pass(Mode mode, Probe probe, Budgets budgets) {
    MountKind kind = new MountKind(CONFIG, mode, transport, probe);
    try (Reconciler reconciler = Reconciler.builder().store(store).probe(kind.observer()).kind(kind).clock(clock)
        .budgets(budgets).backoff(new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 0, 1)).parallelism(1).build()) {
      return reconciler.reconcileOnce();
    }
  }

  private PassReport pass(Mode mode, Probe probe) {
    return pass(mode, probe, Budgets.unlimited());
  }

  /** The commands run after the first, which listed the cleanup files when the pass observed the server. */
  /** A record of {@code project} as this client's mount leaves it: MOUNTED. */
  private void recordMounted(String project) {
    store.create(key(project), ProjectLifecycle.LIFECYCLE.name(), java.util.Optional.empty(), "mount: requested by laptop");
    if (!store.get(key(project)).state().equals(ProjectLifecycle.MOUNTED)) {
      store.transition(key(project), ProjectLifecycle.MOUNTED, "mount: done by laptop");
    }
  }

  private List<List<String>> commandsAfterObserving() {
    List<Command> commands = transport.commands();
    assertThat(commands).as("commands run").isNotEmpty();
    assertThat(listsCleanups(commands.get(0))).as("the first command lists the cleanup files: %s", commands.get(0)).isTrue();
    return commands.subList(1, commands.size()).stream().map(Command::argv).toList();
  }

  @Test
  void mountInstallsBindsEachTargetWritesTheCleanupFileAndRecordsMounted() {
    transport.answer(c -> c.argv().size() == 6 && c.argv().get(2).equals(MAKE_TARGET) && c.argv().get(5).equals("/var/lib/demo"),
        3, "", "");

    PassReport report = pass(Mode.mount("demo"), server);

    assertThat(report.outcomes()).extracting(ActionOutcome::result, ActionOutcome::detail).containsExactly(tuple(
        ActionOutcome.Result.DONE, "mounted demo: python3 -m pip install --no-build-isolation -e /srv/projects/demo;"
            + " mount --bind /srv/projects/demo/etc/demo.yml /etc/demo.yml; mount --bind /srv/projects/demo/data /var/lib/demo"));
    assertThat(commandsAfterObserving()).containsExactly(
        List.of("mkdir", "-p", "--", CLEANUP_DIR),
        PIP_INSTALL,
        List.of("sh", "-c", MAKE_TARGET, "sh", "/srv/projects/demo/etc/demo.yml", "/etc/demo.yml"),
        List.of("mount", "--bind", "/srv/projects/demo/etc/demo.yml", "/etc/demo.yml"),
        List.of("sh", "-c", MAKE_TARGET, "sh", "/srv/projects/demo/data", "/var/lib/demo"),
        List.of("mount", "--bind", "/srv/projects/demo/data", "/var/lib/demo"),
        List.of("sh", "-c", WRITE_CLEANUP, "sh", CLEANUP_DIR + "/demo.cleanup"));
    Command write = transport.commands().get(transport.commands().size() - 1);
    // Only /etc/demo.yml was made by mount (the script exited 3 for /var/lib/demo: it was there).
    assertThat(write.stdin()).contains("client laptop\ndistribution demo-pkg\nmount /etc/demo.yml\nmount /var/lib/demo\n"
        + "created /etc/demo.yml\n");
    assertThat(transport.commands().get(2).timeout()).contains(Duration.ofMinutes(5));

    ResourceRecord demo = store.get(key("demo"));
    assertThat(demo.state()).isEqualTo(ProjectLifecycle.MOUNTED);
    assertThat(demo.attributes()).isEqualTo(Map.of("source_path", "/srv/projects/demo", "distribution", "demo-pkg",
        "parts", "editable,mount:/etc/demo.yml,mount:/var/lib/demo"));
    assertThat(store.history(key("demo"))).extracting(Transition::from, Transition::to, Transition::reason).containsExactly(
        tuple(Optional.empty(), ProjectLifecycle.MOUNTING, "mount: requested by laptop"),
        tuple(Optional.of(ProjectLifecycle.MOUNTING), ProjectLifecycle.MOUNTED, "mount: done by laptop"));
  }

  @Test
  void aSyncAfterAMountFindsNothingToDo() {
    pass(Mode.mount("demo"), server);

    PassReport sync = pass(Mode.sync(), server);

    assertThat(sync.plan().actions()).isEmpty();
    assertThat(sync.plan().held()).isEmpty();
    assertThat(store.get(key("demo")).state()).isEqualTo(ProjectLifecycle.MOUNTED);
  }

  @Test
  void mountKeepsWhatIsPresentAndAddsOnlyWhatIsMissing() {
    transport.answer(Fixtures::listsCleanups, 0, listing(Map.of("demo", demoCleanup("laptop"))), "");
    ObservedResource half = project("demo", Set.of("editable", "mount:/etc/demo.yml"), "demo-pkg");

    PassReport report = pass(Mode.mount("demo"), host -> Observation.reached(host, clock.instant(), List.of(half)));

    assertThat(report.outcomes()).extracting(ActionOutcome::detail).containsExactly("mounted demo: already mounted (pip editable);"
        + " bind mount already present: /etc/demo.yml; mount --bind /srv/projects/demo/data /var/lib/demo");
    assertThat(commandsAfterObserving()).containsExactly(
        List.of("mkdir", "-p", "--", CLEANUP_DIR),
        List.of("sh", "-c", MAKE_TARGET, "sh", "/srv/projects/demo/data", "/var/lib/demo"),
        List.of("mount", "--bind", "/srv/projects/demo/data", "/var/lib/demo"),
        List.of("sh", "-c", WRITE_CLEANUP, "sh", CLEANUP_DIR + "/demo.cleanup"));
    // What the earlier mount created stays noted, with what this one created.
    assertThat(transport.commands().get(transport.commands().size() - 1).stdin()).contains("client laptop\n"
        + "distribution demo-pkg\nmount /etc/demo.yml\nmount /var/lib/demo\ncreated /etc/demo.yml\ncreated /var/lib/demo\n");
    assertThat(store.get(key("demo")).state()).isEqualTo(ProjectLifecycle.MOUNTED);
  }

  @Test
  void aMountThatFailsHalfWayStaysMountingWithItsFailureCounted() {
    transport.answer(c -> c.argv().equals(PIP_INSTALL), 1, "", "ERROR: No matching distribution found");

    PassReport report = pass(Mode.mount("demo"), server);

    String failure = "mounting demo on srv.example failed half way; it stays MOUNTING in local state ('drift show' tells what"
        + " is there; 'drift mount' again finishes it): 'python3 -m pip install --no-build-isolation -e /srv/projects/demo' on"
        + " srv.example exited with status 1: ERROR: No matching distribution found";
    assertThat(report.outcomes()).extracting(ActionOutcome::result, ActionOutcome::detail, ActionOutcome::errorType)
        .containsExactly(tuple(ActionOutcome.Result.FAILED, failure, Optional.of("MountException")));
    assertThat(commandsAfterObserving()).as("nothing is run after the failing command")
        .containsExactly(List.of("mkdir", "-p", "--", CLEANUP_DIR), PIP_INSTALL);
    ResourceRecord demo = store.get(key("demo"));
    assertThat(demo.state()).isEqualTo(ProjectLifecycle.MOUNTING);
    assertThat(demo.failures().attempts()).isEqualTo(1);
    assertThat(demo.failures().lastErrorType()).isEqualTo("MountException");
    assertThat(demo.failures().lastErrorMessage()).isEqualTo(failure);
    assertThat(demo.attribute(RecordAttributes.PENDING_ACTION)).contains(ActionType.ADD.name());
    assertThat(demo.attribute(RecordAttributes.NEXT_ATTEMPT_AT)).contains(clock.instant().plusSeconds(10).toString());
  }

  @Test
  void aMountCutShortIsFinishedByTheNextMountUnderABudgetOfOneAdd() {
    AtomicBoolean failedOnce = new AtomicBoolean();
    transport.answer(c -> c.argv().equals(PIP_INSTALL) && failedOnce.compareAndSet(false, true), 1, "", "network down");
    PassReport first = pass(Mode.mount("demo"), server);

    PassReport again = pass(Mode.mount("demo"), server, Budgets.unlimited().with(ActionType.ADD, 1));

    assertThat(first.outcomes()).extracting(ActionOutcome::result).containsExactly(ActionOutcome.Result.FAILED);
    assertThat(again.plan().held()).isEmpty();
    assertThat(again.outcomes()).extracting(ActionOutcome::result).containsExactly(ActionOutcome.Result.DONE);
    assertThat(store.get(key("demo")).state()).isEqualTo(ProjectLifecycle.MOUNTED);
    assertThat(store.get(key("demo")).attribute(RecordAttributes.PENDING_ACTION)).isEmpty();
  }

  @Test
  void cleanRunsTheCleanCommandsOfAnOrphanInOrder() {
    transport.answer(Fixtures::listsCleanups, 0, listing(Map.of("demo", demoCleanup("laptop"))), "");

    PassReport report = pass(Mode.clean(List.of(), false), host -> Observation.reached(host, clock.instant(), List.of(demo())));

    assertThat(report.outcomes()).extracting(ActionOutcome::result, ActionOutcome::detail)
        .containsExactly(tuple(ActionOutcome.Result.DONE, "cleaned demo on srv.example (5 commands)"));
    assertThat(commandsAfterObserving()).containsExactly(
        List.of("python3", "-m", "pip", "uninstall", "-y", "--break-system-packages", "demo-pkg"),
        List.of("umount", "/var/lib/demo"),
        List.of("umount", "/etc/demo.yml"),
        List.of("sh", "-c", REMOVE_CREATED, "sh", "/etc/demo.yml"),
        List.of("rm", "-f", "--", CLEANUP_DIR + "/demo.cleanup"));
    assertThat(store.list()).as("clean records nothing of what no local state claimed").isEmpty();
  }

  @Test
  void umountTakesAMountedProjectOffAndRecordsItUnmounted() {
    recordMounted("demo");
    transport.answer(Fixtures::listsCleanups, 0, listing(Map.of("demo", demoCleanup("laptop"))), "");

    PassReport report = pass(Mode.umount("demo", false, false), host -> Observation.reached(host, clock.instant(), List.of(demo())));

    assertThat(report.outcomes()).extracting(ActionOutcome::result, ActionOutcome::detail)
        .containsExactly(tuple(ActionOutcome.Result.DONE, "unmounted demo on srv.example (5 commands)"));
    assertThat(commandsAfterObserving()).containsExactly(
        List.of("python3", "-m", "pip", "uninstall", "-y", "--break-system-packages", "demo-pkg"),
        List.of("umount", "/var/lib/demo"),
        List.of("umount", "/etc/demo.yml"),
        List.of("sh", "-c", REMOVE_CREATED, "sh", "/etc/demo.yml"),
        List.of("rm", "-f", "--", CLEANUP_DIR + "/demo.cleanup"));
    assertThat(store.get(key("demo")).state()).isEqualTo(ProjectLifecycle.UNMOUNTED);
    assertThat(store.history(key("demo"))).extracting(Transition::to).endsWith(ProjectLifecycle.UNMOUNTING, ProjectLifecycle.UNMOUNTED);
  }

  @Test
  void umountWithoutLocalStateWorksFromTheCleanupFile() {
    transport.answer(Fixtures::listsCleanups, 0, listing(Map.of("demo", demoCleanup("laptop"))), "");

    PassReport report = pass(Mode.umount("demo", false, false), host -> Observation.reached(host, clock.instant(), List.of(demo())));

    assertThat(report.outcomes()).extracting(ActionOutcome::result).containsExactly(ActionOutcome.Result.DONE);
    assertThat(commandsAfterObserving()).hasSize(5).contains(List.of("rm", "-f", "--", CLEANUP_DIR + "/demo.cleanup"));
    assertThat(store.list()).as("nothing recorded: there was no local state").isEmpty();
  }

  @Test
  void aForcedUmountGoesOnPastAFailingStepAndReportsEach() {
    recordMounted("demo");
    transport.answer(Fixtures::listsCleanups, 0, listing(Map.of("demo", demoCleanup("laptop"))), "")
        .answer(c -> c.argv().equals(List.of("umount", "/var/lib/demo")), 32, "", "umount: /var/lib/demo: target is busy.");

    PassReport report = pass(Mode.umount("demo", true, false), host -> Observation.reached(host, clock.instant(), List.of(demo())));

    assertThat(report.outcomes()).extracting(ActionOutcome::result, ActionOutcome::detail).containsExactly(tuple(ActionOutcome.Result.FAILED,
        "unmounted demo on srv.example (5 commands, 1 failed); these steps failed: umount /var/lib/demo: exit 32, "
            + "umount: /var/lib/demo: target is busy.; it stays UNMOUNTING in local state ('drift show' tells what is left)"));
    assertThat(commandsAfterObserving()).hasSize(5);
    assertThat(store.get(key("demo")).state()).isEqualTo(ProjectLifecycle.UNMOUNTING);
  }

  @Test
  void umountRefusesAnotherClientsProjectUnlessForced() {
    transport.answer(Fixtures::listsCleanups, 0, listing(Map.of("demo", demoCleanup("desktop"))), "");

    PassReport refused = pass(Mode.umount("demo", false, false), host -> Observation.reached(host, clock.instant(), List.of(demo())));

    assertThat(refused.outcomes()).isEmpty();
    assertThat(refused.plan().held()).extracting(h -> h.heldBecause())
        .containsExactly("demo was mounted by client desktop, not by laptop; give --force to unmount it anyway");
    assertThat(commandsAfterObserving()).isEmpty();
  }

  @Test
  void aCleanThatFailsStopsAtTheFailingCommandAndLeavesTheCleanupFile() {
    transport.answer(Fixtures::listsCleanups, 0, listing(Map.of("demo", demoCleanup("laptop"))), "")
        .answer(c -> c.argv().equals(List.of("umount", "/var/lib/demo")), 32, "", "umount: /var/lib/demo: target is busy.");

    PassReport report = pass(Mode.clean(List.of(), false), host -> Observation.reached(host, clock.instant(), List.of(demo())));

    assertThat(report.outcomes()).extracting(ActionOutcome::result, ActionOutcome::detail).containsExactly(tuple(
        ActionOutcome.Result.FAILED, "'umount /var/lib/demo' on srv.example exited with status 32: umount: /var/lib/demo: target is busy."));
    assertThat(commandsAfterObserving()).containsExactly(
        List.of("python3", "-m", "pip", "uninstall", "-y", "--break-system-packages", "demo-pkg"),
        List.of("umount", "/var/lib/demo"));
  }

  @Test
  void syncAdoptsWhatIsFoundByCreatingARecordAsMounted() {
    PassReport report = pass(Mode.sync(), host -> Observation.reached(host, clock.instant(), List.of(demo())));

    assertThat(report.outcomes()).extracting(ActionOutcome::result, ActionOutcome::detail).containsExactly(tuple(
        ActionOutcome.Result.DONE, "recorded demo as MOUNTED (was (none)): found on srv.example"));
    ResourceRecord demo = store.get(key("demo"));
    assertThat(demo.state()).isEqualTo(ProjectLifecycle.MOUNTED);
    assertThat(demo.attributes()).isEqualTo(Map.of("source_path", "/srv/projects/demo", "distribution", "demo-pkg",
        "parts", "editable,mount:/etc/demo.yml,mount:/var/lib/demo"));
    assertThat(store.history(key("demo"))).extracting(Transition::to, Transition::reason).containsExactly(
        tuple(ProjectLifecycle.MOUNTING, "sync: as MOUNTED (was (none)): found on srv.example"),
        tuple(ProjectLifecycle.MOUNTED, "sync: as MOUNTED (was (none)): found on srv.example"));
    assertThat(commandsAfterObserving()).as("sync never changes the server").isEmpty();
  }

  @Test
  void syncForgetsWhatIsGoneByMovingItsRecordToUnmounted() {
    pass(Mode.sync(), host -> Observation.reached(host, clock.instant(), List.of(demo())));

    PassReport report = pass(Mode.sync(), host -> Observation.reached(host, clock.instant(), List.of()));

    assertThat(report.outcomes()).extracting(ActionOutcome::result, ActionOutcome::detail).containsExactly(tuple(
        ActionOutcome.Result.DONE, "recorded demo as UNMOUNTED (was MOUNTED): not on srv.example"));
    assertThat(store.get(key("demo")).state()).isEqualTo(ProjectLifecycle.UNMOUNTED);
    assertThat(store.history(key("demo"))).last().extracting(Transition::from, Transition::to, Transition::reason)
        .containsExactly(Optional.of(ProjectLifecycle.MOUNTED), ProjectLifecycle.UNMOUNTED,
            "sync: as UNMOUNTED (was MOUNTED): not on srv.example");
    assertThat(transport.argvs()).as("sync never changes the server").allSatisfy(argv -> assertThat(argv.get(2)).startsWith("for f in"));
  }

  @Test
  void aServerThatCannotBeObservedIsNeitherChangedNorForgotten() {
    pass(Mode.sync(), host -> Observation.reached(host, clock.instant(), List.of(demo())));
    int before = transport.commands().size();

    PassReport report = pass(Mode.clean(List.of("demo"), true), host -> Observation.unreachable(host, clock.instant(), "timed out"));

    assertThat(report.outcomes()).isEmpty();
    assertThat(transport.commands()).hasSize(before);
    assertThat(store.get(key("demo")).state()).isEqualTo(ProjectLifecycle.MOUNTED);
    assertThat(report.drift().entries()).extracting(e -> e.key(), e -> e.drift())
        .containsExactly(tuple(key("demo"), DriftClass.UNKNOWN));
  }
}
