package dev.steward.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.ProcessStartException;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.Transport;
import dev.steward.docker.DockerSpec;
import dev.steward.docker.DockerUnavailableException;
import dev.steward.docker.ForeignContainerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The manager's commands and how it reads their answers, against a host whose docker answers from recorded output. */
class DockerProcessManagerTest {
  private static final String HOST = "h1";
  private static final String VERSION = InspectTest.resource("version.json");
  private static final String RUN_ID = "0".repeat(64);

  private final List<Command> commands = Collections.synchronizedList(new ArrayList<>());

  private DockerProcessManager manager(String instance, Function<List<String>, CommandResult> docker) {
    Transport transport = new Transport() {
      @Override
      public CommandResult run(String host, Command command) {
        commands.add(command);
        return docker.apply(command.argv());
      }
    };
    return new DockerProcessManager(new DockerCli(transport, "docker", Duration.ofMinutes(1)), instance, List.of(),
        new DockerProcessManager.Timing(Duration.ofSeconds(10), Duration.ZERO), Clock.systemUTC());
  }

  private static CommandResult result(List<String> argv, int exit, String stdout, String stderr) {
    return new CommandResult(HOST, Command.of(argv), exit, stdout, stderr, false, false, Duration.ZERO);
  }

  private static CommandResult ok(List<String> argv, String stdout) {
    return result(argv, 0, stdout, "");
  }

  private List<String> verbs() {
    return commands.stream().map(c -> c.argv().get(1)).toList();
  }

  @Test
  void listsAHostWithOnePsAndOneInspectOfEveryContainerFound() {
    DockerProcessManager manager = manager("rec", argv -> switch (argv.get(1)) {
      case "version" -> ok(argv, VERSION);
      case "ps" -> ok(argv, InspectTest.resource("ps.jsonl"));
      case "inspect" -> ok(argv, InspectTest.resource("inspect.json"));
      default -> throw new AssertionError("unexpected " + argv);
    });

    List<ProcessStatus> listed = manager.list(HOST);

    assertThat(verbs()).containsExactly("ps", "inspect", "version");
    assertThat(commands.get(1).argv()).hasSize(9);
    assertThat(commands).allSatisfy(c -> assertThat(c.environment()).containsEntry("LC_ALL", "C"));
    assertThat(listed).extracting(s -> s.key() + " " + s.state())
        .containsExactly("node/health@h1 RUNNING", "node/oom@h1 FAILED", "node/run@h1 RUNNING", "node/stop@h1 STOPPED");
    assertThat(listed.get(0).attributes()).containsEntry("health", "healthy").containsEntry("docker_server_version", "20.10.24+dfsg1");
    assertThat(listed.get(1).attributes()).containsEntry("oom_killed", "true").containsEntry("exit_code", "137")
        .containsEntry("reason", "killed for going over its memory limit (OOMKilled, exit 137)");
    assertThat(listed.get(1).pid()).isEmpty();
    assertThat(listed.get(2).pid()).isPresent();
    assertThat(listed.get(2).startedAt()).isPresent();
    assertThat(listed.get(3).attributes()).containsEntry("exit_code", "143").doesNotContainKey("reason");

    commands.clear();
    manager.list(HOST);
    assertThat(verbs()).as("the version is read once per host").containsExactly("ps", "inspect");
  }

  @Test
  void listsThePackedNodesOfEachRunningPackWithOneExecEach() {
    DockerProcessManager manager = manager("rec", argv -> switch (argv.get(1)) {
      case "version" -> ok(argv, VERSION);
      case "ps" -> ok(argv, InspectTest.resource("ps.jsonl") + InspectTest.resource("pack-ps.jsonl"));
      case "inspect" -> ok(argv, InspectTest.resource("inspect.json").replaceFirst("]\\s*$", ",")
          + InspectTest.resource("pack-inspect.json").replaceFirst("^\\s*\\[", ""));
      case "exec" -> ok(argv, InspectTest.resource("pack-listing.txt"));
      default -> throw new AssertionError("unexpected " + argv);
    });

    List<ProcessStatus> listed = manager.list(HOST);

    assertThat(verbs()).containsExactly("ps", "inspect", "version", "exec");
    assertThat(commands.get(3).argv()).startsWith("docker", "exec", "--", "steward-rec-pack-web-1-0123456789ab", "sh", "-c")
        .endsWith("steward-read");
    assertThat(listed).extracting(s -> s.key() + " " + s.state()).containsExactly("node/gives-up@h1 FAILED", "node/health@h1 RUNNING",
        "node/idle@h1 STOPPED", "node/oom@h1 FAILED", "node/run@h1 RUNNING", "node/stop@h1 STOPPED", "node/web-1@h1 RUNNING",
        "node/web-2@h1 FAILED");
    assertThat(listed.get(0).attributes()).containsEntry("container", "steward-rec-pack-web-1-0123456789ab")
        .containsEntry("pack", "web-1").containsEntry("pack_spec_hash", "0123456789ab").containsEntry("spec_hash", "0123456789ab")
        .containsEntry("exit_code", "3").containsEntry("reason", "exited with status 3")
        .containsEntry("log", "starting\nthe node gives up: no such file /etc/node.conf").containsEntry("version", "1.0")
        .containsEntry("docker_server_version", "20.10.24+dfsg1");
    assertThat(listed.get(2).attributes()).containsEntry("exit_code", "143").doesNotContainKeys("reason", "version");
    assertThat(listed.get(6).pid()).hasValue(23);
    assertThat(listed.get(6).startedAt()).contains(Instant.ofEpochSecond(1796314344));
    assertThat(listed.get(7).attributes()).containsEntry("reason", "exited with status 137");
  }

  @Test
  void saysWhichPackContainerPrintedWhatItCannotRead() {
    DockerProcessManager manager = manager("rec", argv -> switch (argv.get(1)) {
      case "version" -> ok(argv, VERSION);
      case "ps" -> ok(argv, InspectTest.resource("pack-ps.jsonl"));
      case "inspect" -> ok(argv, InspectTest.resource("pack-inspect.json"));
      case "exec" -> ok(argv, "steward-pack 1\nnode node.a\nresource node/a\n");
      default -> throw new AssertionError("unexpected " + argv);
    });

    assertThatThrownBy(() -> manager.list(HOST))
        .hasMessage("Could not read the nodes in the pack container steward-rec-pack-web-1-0123456789ab on h1: what it printed is not a"
            + " node listing (is steward-rec-pack-web-1-0123456789ab a pack container of this Steward version?): Cannot read the output"
            + " of the node listing of a pack container at line 3: expected the line 'end' after node node.a");
  }

  @Test
  void ignoresAPackLabelledContainerWhoseNameTheLabelsDoNotGive() {
    DockerProcessManager manager = manager("rec", argv -> switch (argv.get(1)) {
      case "ps" -> ok(argv, InspectTest.resource("pack-ps.jsonl"));
      case "inspect" -> ok(argv, InspectTest.resource("pack-inspect.json").replace("\"dev.steward.pack\": \"web-1\"",
          "\"dev.steward.pack\": \"web-2\""));
      default -> throw new AssertionError("unexpected " + argv);
    });

    assertThat(manager.list(HOST)).isEmpty();
    assertThat(verbs()).containsExactly("ps", "inspect");
  }

  @Test
  void mapsAPackedNodesRecordToItsState() {
    List<PackedNode> nodes = PackListing.parse(InspectTest.resource("pack-listing.txt"));

    assertThat(nodes).extracting(PackedNodes::state)
        .containsExactly(ProcessState.FAILED, ProcessState.STOPPED, ProcessState.RUNNING, ProcessState.FAILED);
    assertThat(nodes).extracting(PackedNodes::describe).containsExactly("exited with status 3", "exited with status 143, stopped by Steward",
        "running", "exited with status 137");
    PackedNode killedWithItsSupervisor = new PackedNode("node.a", "node/a", "", "0123456789ab", Optional.empty(), OptionalLong.of(9),
        Optional.empty(), false, OptionalInt.empty(), false, List.of());
    assertThat(PackedNodes.state(killedWithItsSupervisor)).isEqualTo(ProcessState.FAILED);
    assertThat(PackedNodes.describe(killedWithItsSupervisor))
        .isEqualTo("it ended, and its supervisor recorded no exit status (was the supervisor killed too?)");
    assertThat(PackedNodes.state(new PackedNode("node.a", "node/a", "", "0123456789ab", Optional.empty(), OptionalLong.of(9),
        Optional.empty(), false, OptionalInt.of(0), false, List.of()))).as("a node that ended by itself with 0").isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void listsNothingWithoutAnInspectWhenPsFindsNoContainer() {
    DockerProcessManager manager = manager("rec", argv -> ok(argv, ""));

    assertThat(manager.list(HOST)).isEmpty();
    assertThat(verbs()).containsExactly("ps");
  }

  @Test
  void refusesAContainerOfItsNameMadeForAnotherInstanceAndRunsNothingOnIt() {
    // The recorded container of node/run is instance rec's; here it bears the name instance other gives node/run.
    DockerProcessManager manager = manager("other", argv -> switch (argv.get(1)) {
      case "version" -> ok(argv, VERSION);
      case "inspect" -> ok(argv, InspectTest.resource("inspect.json").replace("steward-rec-node-run", "steward-other-node-run"));
      case "ps" -> ok(argv, "");
      default -> throw new AssertionError("unexpected " + argv);
    });
    ResourceKey key = ResourceKey.of("node", "run", HOST);

    assertThatThrownBy(() -> manager.start(Spec.of(key).with(DockerSpec.IMAGE, "steward/busybox:test")))
        .isInstanceOf(ForeignContainerException.class)
        .hasMessage("The container steward-other-node-run on h1 is Steward instance rec's container for node/run on host h1, so Steward will not start,"
            + " stop or remove it for node/run@h1: remove or rename that container, or give the node another name");
    assertThat(manager.status(key)).isEqualTo(ProcessStatus.absent(key));
    assertThat(manager.stop(key, Duration.ofSeconds(1))).isEqualTo(ProcessStatus.absent(key));
    assertThat(manager.remove(key, Duration.ofSeconds(1))).isEqualTo(ProcessStatus.absent(key));
    assertThat(verbs()).as("it looks for the node in pack containers, of which there are none").containsOnly("version", "inspect", "ps");
  }

  @Test
  void removesTheContainerItMadeWhenDockerCannotStartIt() {
    DockerProcessManager manager = manager("main", argv -> switch (argv.get(1)) {
      case "version" -> ok(argv, VERSION);
      case "inspect" -> result(argv, 1, "[]", "Error: No such container: steward-main-node-web1");
      case "create" -> ok(argv, RUN_ID + "\n");
      case "start" -> result(argv, 1, "", "Error response from daemon: driver failed programming external connectivity on endpoint"
          + " steward-main-node-web1 (ab12): Bind for 127.0.0.1:8080 failed: port is already allocated\nError: failed to start containers: "
          + RUN_ID);
      case "rm" -> ok(argv, RUN_ID);
      case "ps" -> ok(argv, "");
      default -> throw new AssertionError("unexpected " + argv);
    });
    ResourceKey key = ResourceKey.of("node", "web1", HOST);

    assertThatThrownBy(() -> manager.start(Spec.of(key).with(DockerSpec.IMAGE, "steward/busybox:test").with("port", "8080")))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageStartingWith("Could not start node/web1@h1 on h1: a port it publishes is already taken on h1 (by another container or"
            + " process): free it, or publish another port (the container was removed); docker said: Error response from daemon:");
    assertThat(verbs()).containsExactly("version", "inspect", "ps", "create", "start", "rm");
    assertThat(commands.get(5).argv()).containsExactly("docker", "rm", "-v", "-f", "--", RUN_ID);
  }

  @Test
  void adoptsTheContainerAnotherManagerOfItsInstanceMadeWhileItWasMakingItsOwn() {
    List<String> inspects = Collections.synchronizedList(new ArrayList<>());
    DockerProcessManager manager = manager("rec", argv -> switch (argv.get(1)) {
      case "version" -> ok(argv, VERSION);
      case "inspect" -> {
        inspects.add("inspect");
        yield inspects.size() == 1
            ? result(argv, 1, "[]", "Error: No such container: steward-rec-node-run")
            : ok(argv, InspectTest.resource("inspect.json"));
      }
      case "create" -> result(argv, 125, "", "docker: Error response from daemon: Conflict. The container name \"/steward-rec-node-run\""
          + " is already in use by container \"" + RUN_ID + "\". You have to remove (or rename) that container to be able to reuse that name.");
      case "ps" -> ok(argv, "");
      default -> throw new AssertionError("unexpected " + argv);
    });
    ResourceKey key = ResourceKey.of("node", "run", HOST);

    ProcessStatus adopted = manager.start(Spec.of(key).with(DockerSpec.IMAGE, "steward/busybox:test"));

    assertThat(adopted.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(adopted.attributes()).containsEntry("container", "steward-rec-node-run");
    assertThat(verbs()).containsExactly("version", "inspect", "ps", "create", "inspect");
  }

  @Test
  void versionsAreTheClientsAndTheEnginesReadOnceWithDockerVersion() {
    DockerProcessManager manager = manager("main", argv -> ok(argv, VERSION));

    Map<String, String> versions = manager.versions(HOST);
    manager.versions(HOST);

    assertThat(versions).containsExactly(Map.entry("client", "28.2.2"), Map.entry("client-api", "1.41"),
        Map.entry("server", "20.10.24+dfsg1"), Map.entry("server-api", "1.41"));
    assertThat(commands).extracting(Command::argv).containsExactly(List.of("docker", "version", "--format", "{{json .}}"));
    assertThatThrownBy(() -> versions.put("client", "29")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void versionsOfAHostWhoseDaemonIsDownSayWhatToDo() {
    DockerProcessManager manager = manager("main", argv -> result(argv, 1, InspectTest.resource("version-daemon-down.json"),
        "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"));

    assertThatThrownBy(() -> manager.versions(HOST))
        .isInstanceOfSatisfying(DockerUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(DockerUnavailableException.Reason.DAEMON_NOT_RUNNING))
        .hasMessageStartingWith("The Docker daemon on h1 is not running");
  }

  @Test
  void aShellWithoutTheDockerCommandIsSaidSo() {
    DockerProcessManager manager = manager("main", argv -> result(argv, 127, "", "sh: 1: docker: not found"));

    assertThatThrownBy(() -> manager.list(HOST))
        .isInstanceOfSatisfying(DockerUnavailableException.class, e -> {
          assertThat(e.reason()).isEqualTo(DockerUnavailableException.Reason.NO_DOCKER_COMMAND);
          assertThat(e.host()).isEqualTo(HOST);
        })
        .hasMessage("There is no docker command on h1 (looked for 'docker'): install the Docker CLI there (e.g. 'apt-get install docker.io'),"
            + " or set steward.docker.command to its path; sh: 1: docker: not found");
  }

  @Test
  void mapsDockersStatesToProcessStates() {
    assertThat(DockerProcessManager.state(container("running", 0, false))).isEqualTo(ProcessState.RUNNING);
    assertThat(DockerProcessManager.state(container("paused", 0, false))).isEqualTo(ProcessState.RUNNING);
    assertThat(DockerProcessManager.state(container("restarting", 1, false))).isEqualTo(ProcessState.FAILED);
    assertThat(DockerProcessManager.state(container("created", 0, false))).isEqualTo(ProcessState.STOPPED);
    assertThat(DockerProcessManager.state(container("exited", 0, false))).isEqualTo(ProcessState.STOPPED);
    assertThat(DockerProcessManager.state(container("exited", 143, false))).isEqualTo(ProcessState.STOPPED);
    assertThat(DockerProcessManager.state(container("exited", 137, false))).isEqualTo(ProcessState.FAILED);
    assertThat(DockerProcessManager.state(container("exited", 137, true))).isEqualTo(ProcessState.FAILED);
    assertThat(DockerProcessManager.state(container("exited", 3, false))).isEqualTo(ProcessState.FAILED);
    assertThat(DockerProcessManager.state(container("dead", 0, false))).isEqualTo(ProcessState.FAILED);
  }

  private static Container container(String status, int exit, boolean oom) {
    return new Container(RUN_ID, "n", "i", status, status.equals("running") || status.equals("paused") || status.equals("restarting"),
        status.equals("restarting"), oom, OptionalLong.empty(), exit, "", Optional.empty(), Optional.empty(), Optional.empty(), 0, Map.of());
  }
}
