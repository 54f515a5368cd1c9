package dev.steward.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.probe.ssh.SshTransport;
import dev.steward.testsupport.lab.HostContainers;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ssh connection of a manager dies in the middle of a start, on a lab host: right after a
 * command of the start has run, the host's sshd process serving the connection is killed from
 * inside (SIGKILL to the parent of a command run on that connection), so the start ends with the
 * transport's exception while the host has done what it was asked. A manager over a new connection
 * (and the first one, once its transport has reconnected) must find the unit Steward wrote, adopt
 * the running node, and never start a second one: one unit file, one unit, one process.
 */
@RequiresLab(LabService.HOST_CONTAINER)
class ConnectionDropIT {
  private final String instance = LabHost.uniqueInstance("drop");
  private LabHost lab;
  private SshTransport firstConnection;

  @BeforeEach
  void openLab() {
    lab = LabHost.open(2);
    firstConnection = SshTransport.open(LabHost.ssh(HostContainers.get()).build());
  }

  @AfterEach
  void removeUnits() {
    try {
      lab.removeUnitsOf(instance);
    } finally {
      firstConnection.close();
      lab.close();
    }
  }

  /** The first connection, whose sshd process is killed right after the first command that {@code matches} has run. */
  private Transport droppedAfter(Predicate<Command> matches) {
    AtomicBoolean dropped = new AtomicBoolean();
    return new WatchedTransport(firstConnection, (host, command, real) -> {
      CommandResult result = real.run(host, command);
      if (matches.test(command) && dropped.compareAndSet(false, true)) {
        // The shell's parent is the sshd process of this connection: the transport's exception ends the start.
        CommandResult kill = real.run(host, Command.of("sh", "-c", "kill -KILL \"$PPID\""));
        throw new AssertionError("the connection survived killing its sshd process: " + kill);
      }
      return result;
    });
  }

  private ProcessManager manager(Transport transport) {
    return LabHost.manager(transport, instance, Settings.builder()
        .set(SystemdSettings.HOSTS, lab.address)
        .set(SystemdSettings.START_CHECK, Duration.ofMillis(300)));
  }

  private Spec spec(String name) {
    return Spec.of(ResourceKey.of("node", name, lab.address)).with(ProcessSpec.COMMAND, "sleep 600");
  }

  @Test
  void aConnectionLostRightAfterSystemctlStartRanLeavesOneRunningNodeThatAnotherManagerAdopts() {
    Spec spec = spec("cut");
    ProcessManager first = manager(droppedAfter(c -> WatchedTransport.isSystemctl(c, "start")));

    assertThatThrownBy(() -> first.start(spec)).isInstanceOf(TransportException.class)
        .hasMessageContaining("broke while");

    try (SshTransport secondConnection = SshTransport.open(LabHost.ssh(HostContainers.get()).build());
        ProcessManager second = manager(secondConnection)) {
      ProcessStatus adopted = second.status(spec.key());
      assertThat(adopted.state()).isEqualTo(ProcessState.RUNNING);
      assertThat(second.list(lab.address)).containsExactly(adopted);
      assertThat(second.start(spec).pid()).isEqualTo(adopted.pid());
      assertThat(first.start(spec).pid()).as("the first manager, its transport reconnected").isEqualTo(adopted.pid());
      assertOneUnitRunning(adopted);
    }
  }

  @Test
  void aConnectionLostRightAfterTheUnitFileWasWrittenLeavesAFileThatTheNextStartUsesOnce() {
    Spec spec = spec("early");
    ProcessManager first = manager(droppedAfter(c -> c.argv().get(0).equals("sh") && c.argv().get(2).contains("cat > \"$2.tmp\"")));

    assertThatThrownBy(() -> first.start(spec)).isInstanceOf(TransportException.class);
    assertThat(lab.run("sh", "-c", "ls /etc/systemd/system | grep -c \"^steward-$1-\"", "sh", instance).strip()).isEqualTo("1");

    try (SshTransport secondConnection = SshTransport.open(LabHost.ssh(HostContainers.get()).build());
        ProcessManager second = manager(secondConnection)) {
      assertThat(second.status(spec.key()).state()).isIn(ProcessState.STOPPED, ProcessState.ABSENT);
      ProcessStatus started = second.start(spec);
      assertThat(started.state()).isEqualTo(ProcessState.RUNNING);
      assertThat(first.start(spec).pid()).as("the first manager, its transport reconnected").isEqualTo(started.pid());
      assertThat(second.list(lab.address)).extracting(ProcessStatus::pid).containsExactly(started.pid());
      assertOneUnitRunning(started);
    }
  }

  /** One unit file of the instance, one unit of it that systemd knows, one process of it on the host: the node's. */
  private void assertOneUnitRunning(ProcessStatus node) {
    String unit = node.attributes().get("unit");
    assertThat(lab.run("sh", "-c", "ls -A /etc/systemd/system | grep \"^steward-$1-\"", "sh", instance).lines().toList())
        .containsExactly(unit);
    assertThat(lab.run("sh", "-c", "systemctl list-units --all --plain --no-legend \"steward-$1-*\" | awk '{ print $1 }'",
        "sh", instance).lines().toList()).containsExactly(unit);
    // Every process of the instance carries its marker in its environment.
    assertThat(lab.run("sh", "-c", "grep -l -z -x -F \"STEWARD_INSTANCE=$1\" /proc/[0-9]*/environ 2>/dev/null || true", "sh", instance)
        .lines().toList()).containsExactly("/proc/" + node.pid().orElseThrow() + "/environ");
  }
}
