package dev.steward.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessStartException;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Upgrades ({@link ProcessManager#replace}) and host names against this machine's real Docker
 * engine: the new container is made before the old one goes, a new container that cannot be made
 * or does not stay up leaves the old one serving, an upgrade cut short at any docker command is
 * finished or undone by the next one, and two names of one engine each see only their own nodes.
 */
@RequiresLab(LabService.DOCKER)
class DockerUpgradeIT {
  private static final Duration GRACE = Duration.ofSeconds(5);

  @RegisterExtension
  final LabInstance lab = new LabInstance("up");
  private ProcessManager manager(Transport transport) {
    return lab.manager(transport);
  }

  private static ResourceKey key(String name) {
    return ResourceKey.local("node", name);
  }

  private Spec upgraded(ResourceKey key) {
    return LabDocker.sleeper(key).with(DockerSpec.IMAGE, lab.newTag()).with(ProcessSpec.VERSION, "2.0");
  }

  private static String startedAt(String container) {
    return LabDocker.inspect(container, "{{.State.StartedAt}}");
  }

  @Test
  void anUpgradeMakesTheNewContainerUnderTheNodesNameAndRemovesTheOld() {
    ProcessManager manager = manager(lab.local());
    ResourceKey key = key("tagged");
    ProcessStatus before = manager.start(LabDocker.sleeper(key));
    String name = before.attributes().get("container");

    ProcessStatus after = manager.replace(upgraded(key), GRACE);

    assertThat(after.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(after.attributes()).containsEntry("container", name).containsEntry("version", "2.0").containsEntry("image", lab.newTag());
    assertThat(after.attributes().get("container_id")).isNotEqualTo(before.attributes().get("container_id"));
    assertThat(LabDocker.inspect(name, "{{.Config.Image}} {{.State.Status}} {{index .Config.Labels \"dev.steward.version\"}}"))
        .isEqualTo(lab.newTag() + " running 2.0");
    assertThat(LabDocker.exists(before.attributes().get("container_id"))).isFalse();
    assertThat(LabDocker.containersOf(lab.name())).containsExactly(after.attributes().get("container_id"));
    assertThat(manager.list("local")).singleElement().satisfies(s -> assertThat(s.attributes()).containsEntry("version", "2.0"));
  }

  @Test
  void anUpgradeToTheSameSpecLeavesTheRunningContainerAlone() {
    ProcessManager manager = manager(lab.local());
    ResourceKey key = key("same");
    ProcessStatus before = manager.start(LabDocker.sleeper(key));
    String started = startedAt(before.attributes().get("container"));

    ProcessStatus after = manager.replace(LabDocker.sleeper(key), GRACE);

    assertThat(after.attributes().get("container_id")).isEqualTo(before.attributes().get("container_id"));
    assertThat(startedAt(after.attributes().get("container"))).isEqualTo(started);
    assertThat(after.pid()).isEqualTo(before.pid());
  }

  @Test
  void anImageThatIsNotThereLeavesTheOldContainerServingUntouched() {
    ProcessManager manager = manager(lab.local());
    ResourceKey key = key("missing-image");
    ProcessStatus before = manager.start(LabDocker.sleeper(key));
    String name = before.attributes().get("container");
    String started = startedAt(name);

    assertThatThrownBy(() -> manager.replace(upgraded(key).with(DockerSpec.IMAGE, "steward/absent:" + lab.name())
        .with(DockerSpec.PULL, "never"), GRACE))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining("steward/absent:" + lab.name() + " is not on local and the pull policy is never");

    assertThat(LabDocker.inspect(name, "{{.Id}} {{.State.Status}} {{.State.StartedAt}}"))
        .isEqualTo(before.attributes().get("container_id") + " running " + started);
    assertThat(LabDocker.containersOf(lab.name())).containsExactly(before.attributes().get("container_id"));
  }

  @Test
  void aNewContainerThatDoesNotStayUpIsRemovedAndTheOldOneRunsAgain() {
    ProcessManager manager = manager(lab.local());
    ResourceKey key = key("rollback");
    ProcessStatus before = manager.start(LabDocker.sleeper(key));
    String name = before.attributes().get("container");
    String started = startedAt(name);

    assertThatThrownBy(() -> manager.replace(upgraded(key).with(ProcessSpec.COMMAND, "sh -c 'echo broken build; exit 3'"), GRACE))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining("the old container " + name + " runs again")
        .hasMessageContaining("broken build")
        .satisfies(e -> assertThat(((ProcessStartException) e).exitCode()).hasValue(3));

    assertThat(LabDocker.inspect(name, "{{.Id}} {{.State.Status}} {{.Config.Image}}"))
        .isEqualTo(before.attributes().get("container_id") + " running " + LabDocker.image());
    assertThat(startedAt(name)).isNotEqualTo(started);
    assertThat(LabDocker.containersOf(lab.name())).containsExactly(before.attributes().get("container_id"));
    assertThat(manager.status(key).state()).isEqualTo(ProcessState.RUNNING);
  }

  /** Every docker subcommand an upgrade runs, in order, each a point where it can be cut short. */
  private static final List<String> UPGRADE_STEPS = List.of("create", "stop", "start", "rm", "rename");

  @Test
  void anUpgradeCutShortAtAnyDockerCommandIsFinishedByTheNextOne() {
    for (String step : UPGRADE_STEPS) {
      ResourceKey key = key("cut-at-" + step);
      manager(lab.local()).start(LabDocker.sleeper(key));
      AtomicReference<String> failOn = new AtomicReference<>(step);
      Transport cutting = LabDocker.cuttingAfter(lab.local(), command -> {
        List<String> argv = command.argv();
        return argv.size() > 1 && argv.get(1).equals(failOn.get()) && !argv.contains("version") && failOn.getAndSet(null) != null;
      });
      ProcessManager first = manager(cutting);
      assertThatThrownBy(() -> first.replace(upgraded(key), GRACE)).as("cut at %s", step).isInstanceOf(TransportException.class);
      assertThat(failOn.get()).as("the upgrade ran docker %s", step).isNull();

      // A new manager (the reconciler started again) sees one node and finishes the upgrade.
      ProcessManager second = manager(lab.local());
      assertThat(second.list("local")).as("cut at %s", step).filteredOn(s -> s.key().equals(key)).hasSize(1);
      String own = "steward-" + lab.name() + "-node-" + key.name();
      // A new container left beside its old one waits for the next start or upgrade to be removed; one whose old one is gone
      // takes the node's name as soon as it is listed.
      assertThat(LabDocker.exists(own)).as("cut at %s: once listed, a container has the node's own name", step).isTrue();
      ProcessStatus done = second.replace(upgraded(key), GRACE);

      String name = done.attributes().get("container");
      assertThat(done.state()).as("cut at %s", step).isEqualTo(ProcessState.RUNNING);
      assertThat(LabDocker.inspect(name, "{{.Config.Image}} {{.State.Status}}")).as("cut at %s", step).isEqualTo(lab.newTag() + " running");
      assertThat(LabDocker.exists(name + "-next")).as("cut at %s", step).isFalse();
      assertThat(LabDocker.docker("ps", "-aq", "--filter", "label=dev.steward.instance=" + lab.name(), "--filter",
          "label=dev.steward.key=node/" + key.name()).requireSuccess().stdout().lines().toList()).as("cut at %s", step).hasSize(1);
    }
  }

  @Test
  void twoNamesOfOneEngineEachSeeOnlyTheirOwnNodes() {
    Transport twoNames = new Transport() {
      @Override
      public CommandResult run(String host, Command command) {
        return lab.local().run("local", command);
      }
    };
    ProcessManager manager = manager(twoNames);
    ResourceKey here = key("here");
    ResourceKey there = ResourceKey.of("node", "there", "self");
    manager.start(LabDocker.sleeper(here));
    manager.start(LabDocker.sleeper(there));

    assertThat(manager.list("local")).extracting(ProcessStatus::key).containsExactly(here);
    assertThat(manager.list("self")).extracting(ProcessStatus::key).containsExactly(there);

    assertThatThrownBy(() -> manager.start(LabDocker.sleeper(ResourceKey.of("node", "here", "self"))))
        .isInstanceOf(ForeignContainerException.class)
        .hasMessageContaining("container for node/here on host local")
        .hasMessageContaining("will not start, stop or remove it");
    assertThat(manager.status(ResourceKey.of("node", "here", "self")).state()).isEqualTo(ProcessState.ABSENT);
  }
}
