package dev.steward.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.TransportException;
import dev.steward.probe.ssh.SshTransport;
import dev.steward.testsupport.lab.HostContainers;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code systemd} manager over every lab host at once, each named as the lab's ssh_config
 * names it ({@code steward-host-N}) and reached through one ssh transport that reads that file:
 * nodes listed per host with one command each, and a host taken down seen as unknown (never as
 * empty) while the others go on, its node found again when it comes back.
 */
@RequiresLab(LabService.HOST_CONTAINER)
class SystemdHostsIT {
  private final String instance = LabHost.uniqueInstance("hosts");
  private final HostContainers lab = HostContainers.get();
  private WatchedTransport transport;
  private ProcessManager manager;

  @BeforeEach
  void openManager() {
    transport = new WatchedTransport(SshTransport.open(LabHost.ssh(lab).build()));
    String names = String.join(",", lab.hosts().stream().map(HostContainers.Host::name).toList());
    manager = LabHost.manager(transport, instance, Settings.builder()
        .set(SystemdSettings.HOSTS, names)
        .set(SystemdSettings.START_CHECK, Duration.ofMillis(300)));
  }

  @AfterEach
  void removeUnits() {
    try {
      for (HostContainers.Host host : lab.hosts()) {
        LabHost.removeUnitsOf(transport, host.name(), instance);
      }
    } finally {
      manager.close();
      transport.close();
    }
  }

  private static Spec sleeper(ResourceKey key) {
    return Spec.of(key).with(ProcessSpec.COMMAND, "sleep 600");
  }

  @Test
  void listsTheNodesOfEachHostWithOneCommandThere() {
    for (HostContainers.Host host : lab.hosts()) {
      manager.start(sleeper(ResourceKey.of("node", "n" + host.number(), host.name())));
    }
    ResourceKey stopped = ResourceKey.of("node", "resting", lab.host(1).name());
    manager.start(sleeper(stopped));
    manager.stop(stopped, Duration.ofSeconds(5));

    for (HostContainers.Host host : lab.hosts()) {
      int before = transport.commands().size();

      List<ProcessStatus> listed = manager.list(host.name());

      assertThat(transport.commands().subList(before, transport.commands().size())).as("commands run to list " + host.name())
          .hasSize(1);
      if (host.number() == 1) {
        assertThat(listed).extracting(s -> s.key().name(), ProcessStatus::state)
            .containsExactly(tuple("n1", ProcessState.RUNNING), tuple("resting", ProcessState.STOPPED));
      } else {
        assertThat(listed).extracting(s -> s.key().name(), ProcessStatus::state)
            .containsExactly(tuple("n" + host.number(), ProcessState.RUNNING));
      }
      assertThat(listed).allSatisfy(s -> assertThat(s.key().host()).isEqualTo(host.name()));
    }
    assertThat(manager.list()).hasSize(lab.hosts().size() + 1);
  }

  @Test
  void aHostTakenDownCannotBeListedWhileTheOthersCanAndItsNodeIsFoundWhenItComesBack() {
    HostContainers.Host last = lab.host(lab.hosts().size());
    HostContainers.Host first = lab.host(1);
    ResourceKey there = ResourceKey.of("node", "away", last.name());
    ResourceKey here = ResourceKey.of("node", "home", first.name());
    manager.start(sleeper(there));
    manager.start(sleeper(here));

    lab.stop(last);
    try {
      assertThatThrownBy(() -> manager.list(last.name())).isInstanceOf(TransportException.class)
          .satisfies(e -> assertThat(((TransportException) e).host()).isEqualTo(last.name()));
      assertThat(manager.list(first.name())).extracting(ProcessStatus::key, ProcessStatus::state)
          .containsExactly(tuple(here, ProcessState.RUNNING));
    } finally {
      lab.start(last);
    }

    // The host booted again: the unit file is still there, and nothing started the unit.
    assertThat(manager.list(last.name())).extracting(ProcessStatus::key, ProcessStatus::state)
        .containsExactly(tuple(there, ProcessState.STOPPED));
    ProcessStatus again = manager.start(sleeper(there));
    assertThat(again.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(manager.list(last.name())).extracting(ProcessStatus::pid).containsExactly(again.pid());
  }
}
