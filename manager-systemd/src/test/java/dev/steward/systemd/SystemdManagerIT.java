package dev.steward.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Command;
import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessStartException;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.spi.ProviderContext;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code systemd} manager on a real Debian host with systemd as PID 1, over the ssh Transport
 * as root; after each operation the test reads what systemd itself says. Every unit of the run's
 * instance is removed after each test (by the test itself, not by the manager's remove).
 */
@RequiresLab(LabService.HOST_CONTAINER)
class SystemdManagerIT {
  private final String instance = LabHost.uniqueInstance("it");
  private LabHost lab;
  private ProcessManager manager;

  @BeforeEach
  void openManager() {
    lab = LabHost.open();
    manager = manager(Duration.ofSeconds(5));
  }

  /** A systemd manager on the lab host whose units stop within {@code stopGrace} (their TimeoutStopSec). */
  private ProcessManager manager(Duration stopGrace) {
    Settings settings = Settings.builder()
        .set(CoreSettings.PROCESS_MANAGER, "systemd")
        .set(CoreSettings.INSTANCE, instance)
        .set(SystemdSettings.HOSTS, lab.address)
        .set(SystemdSettings.STOP_GRACE, stopGrace)
        .set(SystemdSettings.START_CHECK, Duration.ofMillis(500))
        .build();
    return ProviderRegistry.discover().create(ExtensionPoint.PROCESS_MANAGER, ProviderContext.of(settings, lab.transport));
  }

  @AfterEach
  void removeUnits() {
    try {
      lab.removeUnitsOf(instance);
      assertThat(lab.run("sh", "-c", "ls /etc/systemd/system | grep -c \"^steward-$1-\" || true", "sh", instance).strip())
          .isEqualTo("0");
    } finally {
      manager.close();
      lab.close();
    }
  }

  private ResourceKey key(String name) {
    return ResourceKey.of("node", name, lab.address);
  }

  private String unit(ResourceKey key) {
    return "steward-" + instance + "-node-" + key.name().replace("-", "\\x2d") + ".service";
  }

  @Test
  void startsANodeThatSystemdRunsWithItsMainPidAndStatusAgrees() {
    ResourceKey key = key("web-1");
    int port = 18_000 + (int) (Math.random() * 1000);

    ProcessStatus started = manager.start(Spec.of(key)
        .with(ProcessSpec.COMMAND, "python3 -m http.server " + port + " --bind 127.0.0.1")
        .with(ProcessSpec.DIRECTORY, "/tmp")
        .with("env.GREETING", "50% of $HOME"));

    String unit = unit(key);
    assertThat(started.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(started.attributes()).containsEntry("unit", unit);
    assertThat(lab.property(unit, "ActiveState")).isEqualTo("active");
    assertThat(lab.property(unit, "MainPID")).isEqualTo(Long.toString(started.pid().orElseThrow()));
    assertThat(lab.run("cat", "/proc/" + started.pid().getAsLong() + "/environ"))
        .contains("GREETING=50% of $HOME", "STEWARD_INSTANCE=" + instance, "STEWARD_RESOURCE=node/web-1");
    assertThat(lab.run("cat", "/etc/systemd/system/" + unit))
        .contains("[X-Steward]\nResource=node/web-1\nInstance=" + instance + "\nSpecHash=");
    ProcessStatus status = manager.status(key);
    assertThat(status.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(status.pid()).isEqualTo(started.pid());
    assertThat(status.startedAt()).isPresent().isEqualTo(started.startedAt());
    assertThat(manager.list()).extracting(ProcessStatus::key).containsExactly(key);
    assertThat(manager.start(Spec.of(key)
        .with(ProcessSpec.COMMAND, "python3 -m http.server " + port + " --bind 127.0.0.1")
        .with(ProcessSpec.DIRECTORY, "/tmp")
        .with("env.GREETING", "50% of $HOME")).pid()).isEqualTo(started.pid());
  }

  /**
   * The start's error carries the journal as it was then: systemd's own lines about the unit are in
   * it; what the node wrote reaches the journal by another socket and may come a moment later, so
   * the status, read again, is polled for it. A program that cannot be executed is named by the
   * error and the status from systemd's exit status (203/EXEC), not from the journal: the line
   * systemd's executor writes about it may reach the journal without the unit's name (the executor
   * is gone before journald reads its cgroup), as CI once saw.
   */
  @Test
  void aCommandThatCannotRunFailsItsStartWithTheJournalAndTheUnitIsFailed() {
    ResourceKey missing = key("missing");
    ResourceKey exits = key("exits");

    assertThatThrownBy(() -> manager.start(Spec.of(missing).with(ProcessSpec.COMMAND, "/nonexistent/program --flag")))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining(unit(missing) + " on " + lab.address)
        .hasMessageContaining("systemd's result: exit-code (203/EXEC: systemd could not execute /nonexistent/program (not found,")
        .satisfies(e -> assertThat(((ProcessStartException) e).logTail())
            .contains(unit(missing) + ": Main process exited, code=exited, status=203/EXEC"));
    assertThat(lab.property(unit(missing), "ActiveState")).isEqualTo("failed");
    ProcessStatus cannotRun = manager.status(missing);
    assertThat(cannotRun.state()).isEqualTo(ProcessState.FAILED);
    assertThat(cannotRun.attributes()).containsEntry("exit_status", "203")
        .containsEntry("failure", "203/EXEC: systemd could not execute /nonexistent/program "
            + "(not found, not executable, or its interpreter is missing)");
    assertThat(manager.list()).filteredOn(s -> s.key().equals(missing)).singleElement()
        .satisfies(s -> assertThat(s.attributes()).containsEntry("failure", cannotRun.attributes().get("failure")));
    // Alive a moment after its line, so journald can still tie the line to the unit (see UserScopeIT).
    assertThatThrownBy(() -> manager.start(Spec.of(exits).with(ProcessSpec.COMMAND, "sh -c 'echo the node gives up >&2; sleep 0.3; exit 3'")))
        .isInstanceOf(ProcessStartException.class)
        .satisfies(e -> assertThat(((ProcessStartException) e).logTail())
            .contains(unit(exits) + ": Main process exited, code=exited, status=3/NOTIMPLEMENTED"));
    ProcessStatus failed = Poll.within(Duration.ofSeconds(30)).await("the node's own line in the journal", () -> manager.status(exits),
        s -> s.attributes().getOrDefault("log", "").contains("the node gives up"));
    assertThat(failed.state()).isEqualTo(ProcessState.FAILED);
    assertThat(failed.attributes()).containsEntry("result", "exit-code").containsEntry("exit_status", "3").doesNotContainKey("failure");
    assertThat(lab.property(unit(exits), "Result")).isEqualTo("exit-code");
  }

  @Test
  void stopEndsANodeWithinItsGraceAndKillsOneThatIgnoresSigterm() {
    ResourceKey polite = key("polite");
    ResourceKey stubborn = key("stubborn");
    manager.start(Spec.of(polite).with(ProcessSpec.COMMAND, "sleep 600"));
    // The stubborn unit's own TimeoutStopSec is 10 minutes, so only the caller's grace can end it
    // within this test: no race with systemd's timeout, whatever the machine's load.
    try (ProcessManager patient = manager(Duration.ofMinutes(10))) {
      patient.start(Spec.of(stubborn).with(ProcessSpec.COMMAND, "sh -c 'trap \"\" TERM; while :; do sleep 1; done'"));
      assertThat(lab.property(unit(stubborn), "TimeoutStopUSec")).isEqualTo("10min");

      ProcessStatus stopped = manager.stop(polite, Duration.ofSeconds(5));
      ProcessStatus killed = patient.stop(stubborn, Duration.ofSeconds(1));

      assertThat(stopped.state()).isEqualTo(ProcessState.STOPPED);
      assertThat(lab.property(unit(polite), "ActiveState")).isEqualTo("inactive");
      assertThat(killed.state()).isEqualTo(ProcessState.STOPPED);
      assertThat(lab.property(unit(stubborn), "ActiveState")).isEqualTo("inactive");
      assertThat(lab.run("journalctl", "-u", unit(stubborn), "--no-pager", "-q", "-o", "cat"))
          .as("systemd's own stop timeout never fired: the caller's grace ended it").doesNotContain("timed out");
    }
    assertThat(manager.stop(polite, Duration.ofSeconds(5)).state()).isEqualTo(ProcessState.STOPPED);
    assertThat(manager.list()).extracting(ProcessStatus::state).containsOnly(ProcessState.STOPPED);
  }

  @Test
  void aNodeKilledBehindItsBackIsNotRunningAndStartsAgain() {
    ResourceKey key = key("victim");
    Spec spec = Spec.of(key).with(ProcessSpec.COMMAND, "sleep 600");
    ProcessStatus first = manager.start(spec);

    lab.run("systemctl", "kill", "-s", "KILL", "--", unit(key));

    ProcessStatus after = Poll.within(Duration.ofSeconds(20)).await("not running", () -> manager.status(key),
        s -> s.state() != ProcessState.RUNNING);
    assertThat(after.state()).isEqualTo(ProcessState.FAILED);
    assertThat(after.attributes()).containsEntry("result", "signal");
    ProcessStatus again = manager.start(spec);
    assertThat(again.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(again.pid()).isNotEqualTo(first.pid());
    assertThat(lab.property(unit(key), "MainPID")).isEqualTo(Long.toString(again.pid().orElseThrow()));
  }

  @Test
  void removeStopsTheNodeAndLeavesNeitherItsUnitFileNorItsUnit() {
    ResourceKey running = key("going");
    ResourceKey failed = key("broken");
    manager.start(Spec.of(running).with(ProcessSpec.COMMAND, "sleep 600"));
    assertThatThrownBy(() -> manager.start(Spec.of(failed).with(ProcessSpec.COMMAND, "sh -c 'exit 3'")))
        .isInstanceOf(ProcessStartException.class);
    assertThat(lab.property(unit(failed), "ActiveState")).isEqualTo("failed");

    assertThat(manager.remove(running, Duration.ofSeconds(5))).isEqualTo(ProcessStatus.absent(running));
    assertThat(manager.remove(failed, Duration.ofSeconds(5))).isEqualTo(ProcessStatus.absent(failed));

    for (ResourceKey key : List.of(running, failed)) {
      assertThat(lab.attempt("test", "-e", "/etc/systemd/system/" + unit(key)).exitCode()).as(key + "'s file").isEqualTo(1);
      assertThat(lab.property(unit(key), "LoadState")).as(key + "'s unit").isEqualTo("not-found");
      assertThat(lab.property(unit(key), "ActiveState")).as(key + "'s unit").isEqualTo("inactive");
    }
    assertThat(manager.list(lab.address)).isEmpty();
    assertThat(manager.remove(running, Duration.ofSeconds(5))).isEqualTo(ProcessStatus.absent(running));
  }

  @Test
  void aForeignUnitOfTheSameNameIsRefusedAndLeftUntouched() {
    ResourceKey key = key("taken");
    String unit = unit(key);
    String path = "/etc/systemd/system/" + unit;
    String theirs = "[Unit]\nDescription=not Steward's\n\n[Service]\nExecStart=/bin/sleep 600\n";
    lab.transport.run(lab.address, Command.of("sh", "-c", "cat > \"$1\" && systemctl daemon-reload", "sh", path)
        .withStdin(theirs)).requireSuccess();

    assertThatThrownBy(() -> manager.start(Spec.of(key).with(ProcessSpec.COMMAND, "sleep 600")))
        .isInstanceOf(ForeignUnitException.class)
        .hasMessage("The unit " + unit + " on " + lab.address + " was not written by Steward (" + path
            + " has no [X-Steward] section), so Steward will not change it for " + key
            + ": remove or rename that unit, or give the node another name");
    assertThatThrownBy(() -> manager.remove(key, Duration.ofSeconds(1))).isInstanceOf(ForeignUnitException.class);
    assertThat(lab.run("cat", path)).isEqualTo(theirs);
    assertThat(lab.property(unit, "ActiveState")).isEqualTo("inactive");
    assertThat(lab.property(unit, "LoadState")).isEqualTo("loaded");
    assertThat(lab.attempt("test", "-e", path + ".tmp").exitCode()).isEqualTo(1);
  }
}
