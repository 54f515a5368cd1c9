package dev.steward.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.steward.ProcessSpec;
import dev.steward.ProcessStartException;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.TransportException;
import dev.steward.systemd.ForeignUnitException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdProcessManagerTest {
  private static final ResourceKey KEY = ResourceKey.of("node", "web-1", FakeSystemdHost.HOST);
  private static final String UNIT = "steward-main-node-web\\x2d1.service";
  private static final String PATH = "/etc/systemd/system/" + UNIT;
  private static final String SHOW = "systemctl show -p " + Systemctl.PROPERTIES + " --timestamp=unix -- '" + UNIT + "'";
  private static final String CAT = "cat -- '" + PATH + "'";
  private static final String WRITE = "sh -c 'umask 022 && mkdir -p -- \"$1\" && cat > \"$2.tmp\" && mv -f -- \"$2.tmp\" \"$2\"'"
      + " sh /etc/systemd/system '" + PATH + "'";
  private static final String START = "systemctl start -- '" + UNIT + "'";
  private static final Spec SPEC = Spec.of(KEY).with(ProcessSpec.COMMAND, "sleep 600");

  private final FakeSystemdHost host = new FakeSystemdHost();
  private final SystemdProcessManager manager = new SystemdProcessManager(host, UnitScope.SYSTEM, "main", List.of(FakeSystemdHost.HOST),
      new SystemdProcessManager.Timing(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO), Clock.systemUTC());

  @Test
  void versionsAreSystemdsReadWithTheHostsFactsOnce() {
    Map<String, String> versions = manager.versions(FakeSystemdHost.HOST);
    manager.list(FakeSystemdHost.HOST);

    assertThat(versions).containsExactly(Map.entry("systemd", "252 (252.39-1~deb12u2)"));
    assertThat(host.take()).startsWith(FakeSystemdHost.FACTS).filteredOn(FakeSystemdHost.FACTS::equals).hasSize(1);
  }

  @Test
  void aHostWithoutSystemctlIsSaidSo() {
    host.noSystemctl = true;

    assertThatThrownBy(() -> manager.versions(FakeSystemdHost.HOST)).hasMessage("There is no systemctl command on h1: systemd is"
        + " not installed there, or not on the PATH of the transport's commands; the shell said: sh: 1: systemctl: not found");
  }

  @Test
  void versionsOfAHostThatCannotBeReachedAreATransportException() {
    host.down = true;

    assertThatThrownBy(() -> manager.versions(FakeSystemdHost.HOST)).isInstanceOf(TransportException.class);
  }

  @Test
  void startWritesTheUnitAtomicallyReloadsAndStartsIt() {
    ProcessStatus status = manager.start(SPEC);

    assertThat(status.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(status.pid()).hasValue(1001);
    assertThat(status.attributes()).containsEntry("unit", UNIT).containsEntry("active_state", "active");
    assertThat(host.take()).containsExactly(
        FakeSystemdHost.FACTS,
        SHOW,
        CAT,
        WRITE,
        "systemctl daemon-reload",
        START,
        SHOW);
    assertThat(host.files).containsOnlyKeys(PATH)
        .containsEntry(PATH, UnitFile.render(SPEC, "main", Duration.ofSeconds(10)));
  }

  @Test
  void startingARunningNodeAgainChangesNothing() {
    ProcessStatus first = manager.start(SPEC);
    host.take();

    ProcessStatus again = manager.start(SPEC);

    assertThat(again).isEqualTo(first);
    assertThat(host.take()).containsExactly(SHOW, CAT);
  }

  @Test
  void aStoppedNodeWithTheSameSpecStartsWithoutRewritingOrReloading() {
    manager.start(SPEC);
    manager.stop(KEY, Duration.ofSeconds(5));
    String before = host.files.get(PATH);
    host.take();

    manager.start(SPEC);

    assertThat(host.take()).containsExactly(SHOW, CAT, START, SHOW);
    assertThat(host.files.get(PATH)).isSameAs(before);
  }

  @Test
  void aChangedSpecRewritesTheUnitAndReloads() {
    manager.start(SPEC);
    manager.stop(KEY, Duration.ofSeconds(5));
    host.take();

    manager.start(SPEC.with("env.MODE", "fast"));

    assertThat(host.take()).contains(WRITE, "systemctl daemon-reload");
    assertThat(host.files.get(PATH)).contains("Environment=\"MODE=fast\"");
  }

  @Test
  void aUnitChangedSinceSystemdLoadedItIsReloadedWithoutBeingRewritten() {
    manager.start(SPEC);
    manager.stop(KEY, Duration.ofSeconds(5));
    host.files.put(PATH, host.files.get(PATH) + "# touched\n");
    host.take();

    manager.start(SPEC);

    assertThat(host.take()).containsExactly(SHOW, CAT, "systemctl daemon-reload", START, SHOW);
    assertThat(host.files.get(PATH)).endsWith("# touched\n");
  }

  @Test
  void neverTouchesAUnitFileItDidNotWrite() {
    String foreign = "[Unit]\nDescription=someone else's\n[Service]\nExecStart=/usr/bin/their-daemon\n";
    host.files.put(PATH, foreign);
    host.reload();

    assertThatThrownBy(() -> manager.start(SPEC))
        .isInstanceOf(ForeignUnitException.class)
        .hasMessage("The unit " + UNIT + " on h1 was not written by Steward (" + PATH + " has no [X-Steward] section),"
            + " so Steward will not change it for node/web-1@h1: remove or rename that unit, or give the node another name");
    assertThatThrownBy(() -> manager.stop(KEY, Duration.ofSeconds(1))).isInstanceOf(ForeignUnitException.class);
    assertThat(host.take()).containsExactly(FakeSystemdHost.FACTS, SHOW, CAT, SHOW, CAT);
    assertThat(host.files).containsExactly(Map.entry(PATH, foreign));
  }

  @Test
  void refusesAUnitOfAnotherInstanceAndOneDefinedElsewhere() {
    String theirs = UnitFile.render(SPEC, "other", Duration.ofSeconds(1)).replace("Instance=other", "Instance=main")
        .replace("Resource=node/web-1", "Resource=node/web-2");
    host.files.put(PATH, theirs);
    assertThatThrownBy(() -> manager.start(SPEC)).isInstanceOf(ForeignUnitException.class)
        .hasMessage("The unit " + UNIT + " on h1 belongs to node/web-2 of Steward instance main, not to node/web-1 of instance main,"
            + " so Steward will not change it: remove it, or give the node another name");

    host.files.clear();
    host.elsewhere.put(UNIT, "/lib/systemd/system/" + UNIT);
    assertThatThrownBy(() -> manager.start(SPEC)).isInstanceOf(ForeignUnitException.class)
        .hasMessageStartingWith("The unit " + UNIT + " on h1 is defined by /lib/systemd/system/" + UNIT + ", not by Steward");
    assertThat(host.files).isEmpty();
    assertThat(manager.status(KEY)).isEqualTo(ProcessStatus.absent(KEY));
  }

  @Test
  void writesItsOwnUnitAgainWhenItsFileWasDeletedWhileSystemdHadItLoaded() {
    manager.start(SPEC);
    manager.stop(KEY, Duration.ofSeconds(5));
    host.files.remove(PATH);
    host.take();

    assertThat(manager.start(SPEC).state()).isEqualTo(ProcessState.RUNNING);
    assertThat(host.take()).contains(WRITE, "systemctl daemon-reload");
  }

  @Test
  void aStartThatFailsThrowsWithSystemdsResultAndTheJournalAndTheUnitIsFailed() {
    Spec bad = Spec.of(KEY).with(ProcessSpec.COMMAND, "/bin/false");

    assertThatThrownBy(() -> manager.start(bad))
        .isInstanceOf(ProcessStartException.class)
        .hasMessage("Could not start node/web-1@h1 as " + UNIT + " on h1: 'systemctl start' exited with status 1: Job for "
            + UNIT + " failed because the control process exited with error code.; systemd's result: exit-code;"
            + " its last journal lines:\n  Started " + UNIT + ".\n  " + UNIT + ": Main process exited, code=exited, status=1/FAILURE")
        .satisfies(e -> {
          ProcessStartException failure = (ProcessStartException) e;
          assertThat(failure.key()).isEqualTo(KEY);
          assertThat(failure.exitCode()).hasValue(1);
          assertThat(failure.logTail()).hasSize(2);
        });
    ProcessStatus status = manager.status(KEY);
    assertThat(status.state()).isEqualTo(ProcessState.FAILED);
    assertThat(status.pid()).isEmpty();
    assertThat(status.attributes()).containsEntry("result", "exit-code").containsEntry("exit_status", "1")
        .hasEntrySatisfying("log", log -> assertThat(log).endsWith("status=1/FAILURE"));
  }

  @Test
  void aNodeNeverStartedIsAbsentAndStoppingItIsANoOp() {
    assertThat(manager.status(KEY)).isEqualTo(ProcessStatus.absent(KEY));
    assertThat(manager.stop(KEY, Duration.ofSeconds(1))).isEqualTo(ProcessStatus.absent(KEY));
    assertThat(host.take()).containsExactly(FakeSystemdHost.FACTS, SHOW, SHOW, CAT);
    assertThat(manager.list()).isEmpty();
  }

  @Test
  void stopKillsANodeThatOutlivesItsGraceAndReportsItStopped() {
    manager.start(SPEC);
    host.ignoringTerm.add(UNIT);
    host.take();

    ProcessStatus stopped = manager.stop(KEY, Duration.ofMillis(300));

    assertThat(stopped.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(host.take()).contains("systemctl stop --no-block -- '" + UNIT + "'", "systemctl kill -s KILL -- '" + UNIT + "'",
        "systemctl reset-failed -- '" + UNIT + "'");
  }

  @Test
  void listsItsNodesRunningAndStoppedWithTheirKeysReadBackFromTheUnitNames() {
    ResourceKey other = ResourceKey.of("node", "db@2", FakeSystemdHost.HOST);
    manager.start(SPEC);
    manager.start(Spec.of(other).with(ProcessSpec.COMMAND, "sleep 600"));
    manager.stop(other, Duration.ofSeconds(1));
    host.files.put("/etc/systemd/system/steward-other-node-x.service",
        UnitFile.render(Spec.of(ResourceKey.of("node", "x", "h1")).with(ProcessSpec.COMMAND, "sleep 1"), "other", Duration.ZERO));

    List<ProcessStatus> all = manager.list();

    assertThat(all).extracting(ProcessStatus::key, ProcessStatus::state)
        .containsExactly(tuple(other, ProcessState.STOPPED), tuple(KEY, ProcessState.RUNNING));
  }

  @Test
  void listsOneHostWithOneCommandAndTheFailedNodesCarryTheirJournal() {
    ResourceKey bad = ResourceKey.of("node", "bad", FakeSystemdHost.HOST);
    manager.start(SPEC);
    assertThatThrownBy(() -> manager.start(Spec.of(bad).with(ProcessSpec.COMMAND, "/bin/false")))
        .isInstanceOf(ProcessStartException.class);
    host.take();

    List<ProcessStatus> listed = manager.list(FakeSystemdHost.HOST);

    assertThat(host.take()).singleElement().asString().startsWith("sh -c ").contains("[X-Steward]");
    assertThat(listed).extracting(ProcessStatus::key, ProcessStatus::state)
        .containsExactly(tuple(bad, ProcessState.FAILED), tuple(KEY, ProcessState.RUNNING));
    assertThat(listed.get(0).attributes()).containsEntry("result", "exit-code")
        .hasEntrySatisfying("log", log -> assertThat(log).endsWith("status=1/FAILURE"));
  }

  @Test
  void aHostThatCannotBeReachedIsNotListedAsEmptyButFails() {
    manager.start(SPEC);
    host.down = true;

    assertThatThrownBy(() -> manager.list(FakeSystemdHost.HOST)).isInstanceOf(TransportException.class)
        .hasMessage("Could not connect to h1: Connection refused");
    assertThatThrownBy(manager::list).isInstanceOf(TransportException.class);
  }

  @Test
  void removeStopsTheNodeDeletesItsUnitFileAndReloads() {
    manager.start(SPEC);
    host.take();

    ProcessStatus removed = manager.remove(KEY, Duration.ofSeconds(5));

    assertThat(removed).isEqualTo(ProcessStatus.absent(KEY));
    List<String> commands = host.take();
    assertThat(commands).startsWith(SHOW, CAT, "systemctl stop --no-block -- '" + UNIT + "'").endsWith("systemctl daemon-reload");
    assertThat(commands.get(commands.size() - 2)).contains("systemctl disable --no-reload --", "rm -f --", PATH);
    assertThat(host.files).isEmpty();
    assertThat(manager.status(KEY)).isEqualTo(ProcessStatus.absent(KEY));
    assertThat(manager.list()).isEmpty();
  }

  @Test
  void removingANodeThatIsNotThereChangesNothingAndAForeignUnitIsRefused() {
    assertThat(manager.remove(KEY, Duration.ofSeconds(1))).isEqualTo(ProcessStatus.absent(KEY));
    assertThat(host.take()).containsExactly(FakeSystemdHost.FACTS, SHOW, CAT);

    String foreign = "[Unit]\nDescription=someone else's\n[Service]\nExecStart=/usr/bin/their-daemon\n";
    host.files.put(PATH, foreign);
    host.reload();

    assertThatThrownBy(() -> manager.remove(KEY, Duration.ofSeconds(1))).isInstanceOf(ForeignUnitException.class);
    assertThat(host.take()).containsExactly(SHOW, CAT);
    assertThat(host.files).containsExactly(Map.entry(PATH, foreign));
  }

  @Test
  void aStartAfterSystemdsOwnNoticeOfAChangeReloadsOnce() {
    manager.start(SPEC);
    manager.stop(KEY, Duration.ofSeconds(5));
    host.files.put(PATH, UnitFile.render(SPEC.with("env.MODE", "fast"), "main", Duration.ofSeconds(10)));
    host.take();

    manager.start(SPEC.with("env.MODE", "fast"));

    assertThat(host.take()).containsOnlyOnce("systemctl daemon-reload").doesNotContain(WRITE);
  }
}
