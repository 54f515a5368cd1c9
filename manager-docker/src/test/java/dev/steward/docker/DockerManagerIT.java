package dev.steward.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Command;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessStartException;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.Transport;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code docker} manager against this machine's real Docker engine: after each operation the
 * test reads the container back with {@code docker inspect} by hand, and it provokes every error
 * the manager explains that can be provoked here.
 */
@RequiresLab(LabService.DOCKER)
class DockerManagerIT {
  private static final Duration GRACE = Duration.ofSeconds(5);

  private String instance;
  private Transport local;
  private final List<ProcessManager> managers = new ArrayList<>();
  private final List<String> foreign = new ArrayList<>();

  @BeforeEach
  void setUp() {
    instance = LabDocker.uniqueInstance("it");
    local = LabDocker.localTransport();
  }

  @AfterEach
  void cleanUp() {
    managers.forEach(ProcessManager::close);
    LabDocker.removeContainersOf(instance);
    foreign.forEach(name -> LabDocker.docker("rm", "-f", name));
    local.close();
  }

  private ProcessManager manager(Transport transport, UnaryOperator<Settings.Builder> more) {
    ProcessManager made = LabDocker.manager(instance, transport, more);
    managers.add(made);
    return made;
  }

  private ProcessManager manager() {
    return manager(local, s -> s);
  }

  private static ResourceKey key(String name) {
    return ResourceKey.local("node", name);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void makesTheContainerTheSpecDescribesWithStewardsLabels(@TempDir Path data) throws IOException {
    ProcessManager manager = manager();
    ResourceKey key = key("made");
    int port = freePort();
    Files.writeString(data.resolve("greeting"), "hello");
    Spec spec = LabDocker.sleeper(key)
        .with("env.GREETING", "hello world")
        .with(DockerSpec.MEMORY, "64m")
        .with(DockerSpec.CPUS, "0.5")
        .with(DockerSpec.VOLUMES_PREFIX + "data", data + ":/data:ro")
        .with(DockerSpec.VOLUMES_PREFIX + "cache", instance + "-cache:/cache")
        .with(ProcessSpec.PORT, Integer.toString(port));

    ProcessStatus status = manager.start(spec);

    String name = status.attributes().get("container");
    assertThat(status.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(LabDocker.inspect(name, "{{.State.Status}} {{.State.Pid}}")).isEqualTo("running " + status.pid().getAsLong());
    assertThat(LabDocker.inspect(name, "{{index .Config.Labels \"dev.steward.key\"}} {{index .Config.Labels \"dev.steward.instance\"}}"))
        .isEqualTo("node/made " + instance);
    assertThat(LabDocker.inspect(name, "{{index .Config.Labels \"dev.steward.spec-hash\"}}")).isEqualTo(status.attributes().get("spec_hash"))
        .matches("[0-9a-f]{12}");
    assertThat(LabDocker.inspect(name, "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.Init}} {{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}"))
        .isEqualTo("no true 67108864 500000000");
    assertThat(LabDocker.inspect(name, "{{json .Config.Env}}")).contains("\"GREETING=hello world\"", "\"STEWARD_INSTANCE=" + instance + "\"",
        "\"STEWARD_RESOURCE=node/made\"");
    assertThat(LabDocker.inspect(name, "{{range .Mounts}}{{.Type}}:{{.Destination}}:{{.RW}} {{end}}"))
        .contains("bind:/data:false", "volume:/cache:true");
    assertThat(LabDocker.inspect(name, "{{json .HostConfig.PortBindings}}"))
        .isEqualTo("{\"" + port + "/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + port + "\"}]}");
    assertThat(LabDocker.docker("exec", name, "cat", "/data/greeting").requireSuccess().stdout()).isEqualTo("hello");
    LabDocker.docker("volume", "rm", "-f", instance + "-cache");
  }

  @Test
  void publishesOnTheAddressTheSpecNames() {
    ResourceKey key = key("everywhere");
    int port = freePort();

    ProcessStatus status = manager().start(LabDocker.sleeper(key).with(ProcessSpec.PORT, Integer.toString(port))
        .with(DockerSpec.PUBLISH_ADDRESS, "0.0.0.0"));

    assertThat(LabDocker.inspect(status.attributes().get("container"), "{{json .HostConfig.PortBindings}}"))
        .isEqualTo("{\"" + port + "/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"" + port + "\"}]}");
  }

  @Test
  void stopLeavesTheContainerExitedByItsStopSignalAndRemoveDeletesIt() {
    ProcessManager manager = manager();
    ResourceKey key = key("stopped");
    String name = manager.start(LabDocker.sleeper(key)).attributes().get("container");

    ProcessStatus stopped = manager.stop(key, GRACE);

    assertThat(stopped.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(LabDocker.inspect(name, "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}")).isEqualTo("exited 143 false");

    ProcessStatus removed = manager.remove(key, GRACE);

    assertThat(removed).isEqualTo(ProcessStatus.absent(key));
    assertThat(LabDocker.exists(name)).isFalse();
    assertThat(manager.remove(key, GRACE)).isEqualTo(ProcessStatus.absent(key));
    assertThat(manager.stop(key, GRACE)).isEqualTo(ProcessStatus.absent(key));
  }

  @Test
  void aNewManagerAdoptsTheStoppedContainerItsInstanceMade() {
    ResourceKey key = key("adopted");
    ProcessStatus first = manager().start(LabDocker.sleeper(key));
    String id = first.attributes().get("container_id");
    managers.get(0).stop(key, GRACE);

    ProcessStatus again = manager().start(LabDocker.sleeper(key));

    assertThat(again.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(again.attributes()).containsEntry("container_id", id);
    assertThat(LabDocker.inspect(id, "{{.State.Running}}")).isEqualTo("true");
    assertThat(LabDocker.containersOf(instance)).containsExactly(id);
  }

  @Test
  void aChangedSpecMakesTheStoppedContainerAgain() {
    ProcessManager manager = manager();
    ResourceKey key = key("changed");
    ProcessStatus first = manager.start(LabDocker.sleeper(key));
    manager.stop(key, GRACE);

    ProcessStatus second = manager.start(LabDocker.sleeper(key).with("env.MODE", "two"));

    assertThat(second.attributes().get("container_id")).isNotEqualTo(first.attributes().get("container_id"));
    assertThat(second.attributes().get("spec_hash")).isNotEqualTo(first.attributes().get("spec_hash"));
    assertThat(LabDocker.exists(first.attributes().get("container_id"))).isFalse();
    assertThat(LabDocker.containersOf(instance)).containsExactly(second.attributes().get("container_id"));
  }

  @Test
  void refusesAndNeverTouchesAContainerOfItsNameThatIsNotSteward() {
    ProcessManager manager = manager();
    ResourceKey key = key("taken");
    String name = "steward-" + instance + "-node-taken";
    foreign.add(name);
    String id = LabDocker.docker("create", "--name", name, LabDocker.image(), "sleep", "600").requireSuccess().stdout().strip();

    assertThatThrownBy(() -> manager.start(LabDocker.sleeper(key)))
        .isInstanceOf(ForeignContainerException.class)
        .hasMessageContaining("The container " + name + " on local is not Steward's")
        .hasMessageContaining("remove or rename that container, or give the node another name");
    assertThat(manager.status(key)).isEqualTo(ProcessStatus.absent(key));
    assertThat(manager.stop(key, GRACE)).isEqualTo(ProcessStatus.absent(key));
    assertThat(manager.remove(key, GRACE)).isEqualTo(ProcessStatus.absent(key));
    assertThat(manager.list(ResourceKey.LOCAL)).extracting(ProcessStatus::key).doesNotContain(key);
    assertThat(LabDocker.inspect(name, "{{.Id}} {{.State.Status}}")).isEqualTo(id + " created");
  }

  @Test
  void aPortAlreadyAllocatedFailsTheStartAndLeavesNoContainer() {
    ProcessManager manager = manager();
    int port = freePort();
    manager.start(LabDocker.sleeper(key("holder")).with(ProcessSpec.PORT, Integer.toString(port)));
    ResourceKey second = key("second");

    assertThatThrownBy(() -> manager.start(LabDocker.sleeper(second).with(ProcessSpec.PORT, Integer.toString(port))))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining("Could not start " + second + " on local: a port it publishes is already taken on local")
        .hasMessageContaining("(the container was removed)")
        .hasMessageContaining("port is already allocated");
    assertThat(LabDocker.exists("steward-" + instance + "-node-second")).isFalse();
    assertThat(manager.status(second)).isEqualTo(ProcessStatus.absent(second));
  }

  @Test
  void anImageThatIsNotThereUnderPullNeverFailsWithDockersMessage() {
    ResourceKey key = key("no-image");

    assertThatThrownBy(() -> manager().start(LabDocker.sleeper(key).with(DockerSpec.IMAGE, "steward/absent:none")
        .with(DockerSpec.PULL, "never")))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining("the image steward/absent:none is not on local and the pull policy is never")
        .hasMessageContaining("No such image: steward/absent:none");
    assertThat(LabDocker.containersOf(instance)).isEmpty();
  }

  @Test
  void aFailedPullFailsTheStartWithDockersMessage() {
    ResourceKey key = key("no-pull");

    assertThatThrownBy(() -> manager().start(LabDocker.sleeper(key).with(DockerSpec.IMAGE, "registry.invalid/steward/absent:none")))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining("the image registry.invalid/steward/absent:none could not be pulled to local (pull policy missing)")
        .hasMessageContaining("registry.invalid");
    assertThat(LabDocker.containersOf(instance)).isEmpty();
  }

  @Test
  void pullAlwaysPullsEvenAnImageThatIsThereAndFailsWithDockersMessageWithoutARegistry() {
    ResourceKey key = key("pull-always");

    assertThatThrownBy(() -> manager().start(LabDocker.sleeper(key).with(DockerSpec.PULL, "always")))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining("the image " + LabDocker.image() + " could not be pulled to local (pull policy always)")
        .hasMessageContaining("docker said: ");
    assertThat(LabDocker.containersOf(instance)).isEmpty();
  }

  @Test
  void aContainerKilledForItsMemoryIsFailedAndSaysOomKilled() {
    ProcessManager manager = manager();
    ResourceKey key = key("greedy");
    Spec greedy = Spec.of(key).with(DockerSpec.IMAGE, LabDocker.image()).with(DockerSpec.MEMORY, "8m")
        .with(ProcessSpec.COMMAND, "sh -c 'sleep 1; exec dd if=/dev/zero of=/dev/null bs=64M count=1'");
    manager.start(greedy);

    ProcessStatus after = Poll.within(Duration.ofSeconds(30)).await("the container to be OOM-killed", () -> manager.status(key),
        s -> s.state() != ProcessState.RUNNING);

    assertThat(after.state()).isEqualTo(ProcessState.FAILED);
    assertThat(after.attributes()).containsEntry("oom_killed", "true").containsEntry("exit_code", "137")
        .containsEntry("reason", "killed for going over its memory limit (OOMKilled, exit 137)");
    assertThat(LabDocker.inspect(after.attributes().get("container"), "{{.State.OOMKilled}} {{.State.ExitCode}}")).isEqualTo("true 137");
    assertThat(manager.list(ResourceKey.LOCAL)).filteredOn(s -> s.key().equals(key)).singleElement()
        .satisfies(s -> assertThat(s.attributes()).containsEntry("oom_killed", "true"));
  }

  @Test
  void reportsTheHealthOfAnImageWithAHealthcheck() {
    ProcessManager manager = manager();
    ResourceKey key = key("healthy");
    String image = Lab.properties(LabService.DOCKER).getProperty("healthcheck_image");
    manager.start(LabDocker.sleeper(key).with(DockerSpec.IMAGE, image));

    ProcessStatus healthy = Poll.within(Duration.ofSeconds(30)).await("the healthcheck to pass", () -> manager.status(key),
        s -> "healthy".equals(s.attributes().get("health")));

    assertThat(LabDocker.inspect(healthy.attributes().get("container"), "{{.State.Health.Status}}")).isEqualTo("healthy");
    assertThat(manager.start(LabDocker.sleeper(key("plain"))).attributes()).doesNotContainKey("health");
  }

  @Test
  void listsEveryContainerOfItsInstanceWithOnePsAndOneInspect() {
    ProcessManager manager = manager(countingLocal(), s -> s);
    for (String name : List.of("one", "two", "three")) {
      manager.start(LabDocker.sleeper(key(name)));
    }
    manager.stop(key("two"), GRACE);
    commands.clear();

    List<ProcessStatus> listed = manager.list(ResourceKey.LOCAL);

    assertThat(listed).extracting(s -> s.key().name() + " " + s.state()).containsExactly("one RUNNING", "three RUNNING", "two STOPPED");
    assertThat(listed).allSatisfy(s -> assertThat(s.attributes()).containsKeys("container_id", "exit_code", "oom_killed",
        "restart_count", "docker_server_version"));
    assertThat(commands).hasSize(2);
    assertThat(commands.get(0).argv()).containsExactly("docker", "ps", "-a", "--filter", "label=dev.steward.instance=" + instance,
        "--filter", "label=dev.steward.host=local", "--no-trunc", "--size=false", "--format", "{{json .}}");
    assertThat(commands.get(1).argv()).startsWith("docker", "inspect", "--type", "container", "--").hasSize(8);
    assertThat(commands).allSatisfy(c -> assertThat(c.environment()).containsEntry("LC_ALL", "C"));
  }

  private final List<Command> commands = Collections.synchronizedList(new ArrayList<>());

  private Transport countingLocal() {
    return LabDocker.recording(local, commands);
  }

  /** The local transport, with each command changed by {@code change} first. */
  private Transport changing(UnaryOperator<Command> change) {
    return LabDocker.changingCommands(local, change);
  }

  @Test
  void aDaemonThatIsNotRunningIsSaidSo() {
    ProcessManager manager = manager(changing(c -> {
      Map<String, String> env = new HashMap<>(c.environment());
      env.put("DOCKER_HOST", "unix:///tmp/steward-no-docker-" + instance + ".sock");
      return c.withEnvironment(env);
    }), s -> s);

    assertThatThrownBy(() -> manager.start(LabDocker.sleeper(key("down"))))
        .isInstanceOfSatisfying(DockerUnavailableException.class, e -> {
          assertThat(e.reason()).isEqualTo(DockerUnavailableException.Reason.DAEMON_NOT_RUNNING);
          assertThat(e.host()).isEqualTo(ResourceKey.LOCAL);
        })
        .hasMessageStartingWith("The Docker daemon on local is not running")
        .hasMessageContaining("Cannot connect to the Docker daemon at unix:///tmp/steward-no-docker-");
    assertThatThrownBy(() -> manager.list(ResourceKey.LOCAL)).isInstanceOf(DockerUnavailableException.class);
    assertThat(LabDocker.containersOf(instance)).isEmpty();
  }

  @Test
  void aUserOutsideTheDockerGroupIsToldSo() {
    ProcessManager manager = manager(changing(c -> {
      List<String> argv = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
      argv.addAll(c.argv());
      return new Command(argv, c.stdin(), c.environment(), c.timeout());
    }), s -> s);

    assertThatThrownBy(() -> manager.start(LabDocker.sleeper(key("refused"))))
        .isInstanceOfSatisfying(DockerUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(DockerUnavailableException.Reason.PERMISSION_DENIED))
        .hasMessageContaining("The Docker daemon on local refuses the user Steward runs docker as: that user is not in the docker group")
        .hasMessageContaining("permission denied while trying to connect to the Docker daemon socket");
    assertThat(LabDocker.containersOf(instance)).isEmpty();
  }

  @Test
  void aHostWithoutTheDockerCommandIsSaidSo() {
    ProcessManager manager = manager(local, s -> s.set(DockerSettings.COMMAND, "/nonexistent/docker"));

    assertThatThrownBy(() -> manager.status(key("nowhere")))
        .isInstanceOfSatisfying(DockerUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(DockerUnavailableException.Reason.NO_DOCKER_COMMAND))
        .hasMessageStartingWith("There is no docker command on local (looked for '/nonexistent/docker')");
  }
}
