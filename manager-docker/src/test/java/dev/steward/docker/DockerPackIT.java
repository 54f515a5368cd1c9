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
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nodes packed several to a container ({@link DockerSpec#PACK_SIZE}) against this machine's real
 * Docker engine: the test looks at what the manager did with {@code docker ps}, {@code docker
 * inspect} and {@code docker exec} by hand, kills a node's process by hand, and cuts an upgrade
 * short at each of its docker commands.
 */
@RequiresLab(LabService.DOCKER)
class DockerPackIT {
  private static final Duration GRACE = Duration.ofSeconds(5);

  @RegisterExtension
  final LabInstance lab = new LabInstance("pack");
  private final List<Command> commands = Collections.synchronizedList(new ArrayList<>());
  private ProcessManager manager(Transport transport) {
    return lab.manager(transport);
  }

  private ProcessManager manager() {
    return manager(lab.local());
  }

  private static ResourceKey key(String name) {
    return ResourceKey.local("node", name);
  }

  /** Node {@code index} of group {@code group}, packed {@code size} to a container: sleeps until stopped. */
  private static Spec packed(String group, int index, int size) {
    return LabDocker.sleeper(key(group + "-" + index)).with(DockerSpec.PACK_SIZE, Integer.toString(size))
        .with(DockerSpec.PACK_GROUP, group).with(DockerSpec.PACK_INDEX, Integer.toString(index));
  }

  private Spec upgraded(Spec spec) {
    return spec.with(DockerSpec.IMAGE, lab.newTag()).with(ProcessSpec.VERSION, "2.0");
  }

  /** {@code docker exec CONTAINER ARGS}'s output, by hand; fails the test when docker fails. */
  private static String exec(String container, String... args) {
    List<String> argv = new ArrayList<>(List.of("exec", container));
    argv.addAll(List.of(args));
    return LabDocker.docker(argv.toArray(String[]::new)).requireSuccess().stdout();
  }

  /** What the node's supervisor recorded of it, by hand: {@code PID TICKS EPOCH}. */
  private static String recorded(ProcessStatus status) {
    return exec(status.attributes().get("container"), "cat", "/tmp/steward-nodes/node." + status.key().name() + "/pid").strip();
  }

  /** The processes in a container as {@code ps} shows them there: pid and command line. */
  private static Map<Long, String> processes(String container) {
    return exec(container, "ps", "-o", "pid,args").lines().skip(1).map(String::strip)
        .collect(Collectors.toMap(l -> Long.parseLong(l.substring(0, l.indexOf(' '))), l -> l.substring(l.indexOf(' ') + 1).strip()));
  }

  private static long pid(ProcessStatus status) {
    return status.pid().orElseThrow(() -> new AssertionError("no pid: " + status));
  }

  @Test
  void twoNodesShareOneContainerEachAProcessWithItsOwnStatus() {
    ProcessManager manager = manager();

    ProcessStatus first = manager.start(packed("pair", 1, 2).with("env.GREETING", "hello world"));
    ProcessStatus second = manager.start(packed("pair", 2, 2));

    assertThat(List.of(first, second)).extracting(ProcessStatus::state).containsOnly(ProcessState.RUNNING);
    String pack = first.attributes().get("container");
    assertThat(second.attributes()).containsEntry("container", pack).containsEntry("pack", "pair-1").containsEntry("version", "1.0");
    assertThat(pack).startsWith("steward-" + lab.name() + "-pack-pair-1-");
    assertThat(LabDocker.containersOf(lab.name())).containsExactly(first.attributes().get("container_id"));
    assertThat(LabDocker.inspect(pack, "{{index .Config.Labels \"dev.steward.pack\"}} {{index .Config.Labels \"dev.steward.instance\"}}"
        + " {{index .Config.Labels \"dev.steward.host\"}} {{index .Config.Labels \"dev.steward.spec-hash\"}}"))
        .isEqualTo("pair-1 " + lab.name() + " local " + first.attributes().get("pack_spec_hash"));
    assertThat(LabDocker.inspect(pack, "{{.HostConfig.NetworkMode}} {{.HostConfig.Init}} {{.HostConfig.RestartPolicy.Name}}"
        + " {{len .HostConfig.PortBindings}}")).isEqualTo("host true no 0");
    assertThat(LabDocker.inspect(pack, "{{json .Config.Labels}}")).as("a pack is no one node's").doesNotContain("dev.steward.key");
    Map<Long, String> processes = processes(pack);
    assertThat(processes).containsEntry(pid(first), "sleep 600").containsEntry(pid(second), "sleep 600");
    assertThat(exec(pack, "cat", "/proc/" + pid(first) + "/environ").split("\0"))
        .contains("GREETING=hello world", "STEWARD_INSTANCE=" + lab.name(), "STEWARD_RESOURCE=node/pair-1");
    assertThat(exec(pack, "cat", "/proc/" + pid(second) + "/environ").split("\0")).contains("STEWARD_RESOURCE=node/pair-2")
        .doesNotContain("GREETING=hello world");
    assertThat(processes.keySet()).as("only the nodes carry Steward's markers, not the keeper or the supervisors that outlive them")
        .filteredOn(pid -> LabDocker.docker("exec", pack, "cat", "/proc/" + pid + "/environ").stdout().contains("STEWARD_RESOURCE="))
        .containsExactlyInAnyOrder(pid(first), pid(second));

    assertThat(manager.status(key("pair-1"))).isEqualTo(first);
    assertThat(manager.list("local")).extracting(s -> s.key().name() + " " + s.state() + " " + s.pid().orElse(0))
        .containsExactly("pair-1 RUNNING " + pid(first), "pair-2 RUNNING " + pid(second));
    assertThat(manager.start(packed("pair", 2, 2))).as("starting a running node again").isEqualTo(second);
  }

  @Test
  void threeNodesFillAPackAndTheFourthStartsTheNext() {
    ProcessManager manager = manager();

    List<ProcessStatus> started = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      started.add(manager.start(packed("trio", i, 3)));
    }

    assertThat(started).extracting(s -> s.attributes().get("pack")).containsExactly("trio-1", "trio-1", "trio-1", "trio-2");
    String first = started.get(0).attributes().get("container");
    assertThat(started.subList(0, 3)).extracting(s -> s.attributes().get("container")).containsOnly(first);
    assertThat(LabDocker.containersOf(lab.name())).hasSize(2);
    assertThat(processes(first).values()).filteredOn("sleep 600"::equals).hasSize(3);
    assertThat(processes(started.get(3).attributes().get("container")).values()).filteredOn("sleep 600"::equals).hasSize(1);
  }

  @Test
  void aNodeKilledByHandIsFailedAndStartsAgainAloneItsNeighboursUntouched() {
    ProcessManager manager = manager();
    ProcessStatus victim = manager.start(packed("kill", 1, 2));
    ProcessStatus neighbour = manager.start(packed("kill", 2, 2));
    String pack = victim.attributes().get("container");
    String neighbourRecord = recorded(neighbour);

    exec(pack, "kill", "-9", Long.toString(pid(victim)));

    List<ProcessStatus> after = Poll.within(Duration.ofSeconds(30)).await("the killed node to be seen failed", () -> manager.list("local"),
        l -> l.stream().anyMatch(s -> s.key().equals(victim.key()) && s.state() == ProcessState.FAILED));
    assertThat(after).filteredOn(s -> s.key().equals(victim.key())).singleElement().satisfies(s -> {
      assertThat(s.attributes()).containsEntry("exit_code", "137").containsEntry("reason", "exited with status 137")
          .containsEntry("container", pack);
      assertThat(s.pid()).isEmpty();
    });
    assertThat(after).filteredOn(s -> s.key().equals(neighbour.key())).containsExactly(neighbour);
    assertThat(manager.status(victim.key()).state()).isEqualTo(ProcessState.FAILED);

    ProcessStatus again = manager.start(packed("kill", 1, 2));

    assertThat(again.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(again.attributes()).containsEntry("container", pack).doesNotContainKey("exit_code");
    assertThat(pid(again)).isNotEqualTo(pid(victim));
    assertThat(processes(pack)).containsEntry(pid(again), "sleep 600").doesNotContainKey(pid(victim));
    assertThat(manager.status(neighbour.key())).isEqualTo(neighbour);
    assertThat(recorded(neighbour)).as("the neighbour's pid, start ticks and start time").isEqualTo(neighbourRecord);
    assertThat(processes(pack)).containsEntry(pid(neighbour), "sleep 600");
  }

  @Test
  void stoppingANodeLeavesItStoppedAndItsNeighbourRunning() {
    ProcessManager manager = manager();
    ProcessStatus stopped = manager.start(packed("stop", 1, 2));
    ProcessStatus neighbour = manager.start(packed("stop", 2, 2));
    String neighbourRecord = recorded(neighbour);

    ProcessStatus after = manager.stop(stopped.key(), GRACE);

    assertThat(after.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(after.attributes()).containsEntry("exit_code", "143");
    assertThat(after.pid()).isEmpty();
    assertThat(manager.stop(stopped.key(), GRACE).state()).as("stopping it again").isEqualTo(ProcessState.STOPPED);
    assertThat(processes(stopped.attributes().get("container"))).doesNotContainKey(pid(stopped)).containsKey(pid(neighbour));
    assertThat(manager.list("local")).extracting(s -> s.key().name() + " " + s.state()).containsExactly("stop-1 STOPPED", "stop-2 RUNNING");
    assertThat(manager.status(neighbour.key())).isEqualTo(neighbour);
    assertThat(recorded(neighbour)).isEqualTo(neighbourRecord);

    assertThat(manager.start(packed("stop", 1, 2)).state()).as("started again").isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void stoppingANodeStopsWhatItStartedToo() {
    ProcessManager manager = manager();
    ProcessStatus piped = manager.start(packed("group", 1, 2).with(ProcessSpec.COMMAND, "sh -c 'sleep 601 | cat'"));
    ProcessStatus neighbour = manager.start(packed("group", 2, 2));
    String pack = piped.attributes().get("container");
    assertThat(processes(pack).values()).contains("sleep 601", "cat");

    assertThat(manager.stop(piped.key(), GRACE).state()).isEqualTo(ProcessState.STOPPED);

    assertThat(processes(pack).values()).as("the node's pipeline went with it").doesNotContain("sleep 601", "cat")
        .contains("sleep 600");
    assertThat(manager.status(neighbour.key())).isEqualTo(neighbour);
  }

  @Test
  void removingEveryNodeOfAPackRemovesItsContainer() {
    ProcessManager manager = manager();
    ProcessStatus first = manager.start(packed("gone", 1, 2));
    ProcessStatus second = manager.start(packed("gone", 2, 2));
    String pack = first.attributes().get("container");

    assertThat(manager.remove(first.key(), GRACE)).isEqualTo(ProcessStatus.absent(first.key()));

    assertThat(LabDocker.inspect(pack, "{{.State.Status}}")).isEqualTo("running");
    assertThat(manager.status(first.key())).isEqualTo(ProcessStatus.absent(first.key()));
    assertThat(manager.status(second.key())).isEqualTo(second);
    assertThat(exec(pack, "ls", "/tmp/steward-nodes").lines().toList()).containsExactly("node.gone-2");

    assertThat(manager.remove(second.key(), GRACE)).isEqualTo(ProcessStatus.absent(second.key()));

    assertThat(LabDocker.exists(pack)).isFalse();
    assertThat(LabDocker.containersOf(lab.name())).isEmpty();
    assertThat(manager.remove(second.key(), GRACE)).as("removing it again").isEqualTo(ProcessStatus.absent(second.key()));
    assertThat(manager.list("local")).isEmpty();
  }

  @Test
  void listRunsOnePsOneInspectAndOneExecPerRunningPack() {
    ProcessManager manager = manager(LabDocker.recording(lab.local(), commands));
    for (int i = 1; i <= 4; i++) {
      manager.start(packed("count", i, 2));
    }
    manager.start(packed("idle", 1, 2));
    manager.start(LabDocker.sleeper(key("single")));
    manager.stop(key("count-3"), GRACE);
    LabDocker.docker("stop", "-t", "1", manager.status(key("idle-1")).attributes().get("container")).requireSuccess();
    commands.clear();

    List<ProcessStatus> listed = manager.list("local");

    assertThat(listed).extracting(s -> s.key().name() + " " + s.state())
        .containsExactly("count-1 RUNNING", "count-2 RUNNING", "count-3 STOPPED", "count-4 RUNNING", "single RUNNING");
    assertThat(commands).extracting(c -> c.argv().get(1)).containsExactly("ps", "inspect", "exec", "exec");
    assertThat(commands.get(1).argv()).hasSize(5 + 4);
  }

  @Test
  void aNodeThatExitsAtOnceFailsItsStartWithItsExitAndLastLines() {
    ProcessManager manager = manager();
    ProcessStatus neighbour = manager.start(packed("early", 2, 2));
    Spec broken = packed("early", 1, 2).with(ProcessSpec.COMMAND, "sh -c 'echo the node gives up >&2; exit 3'");

    assertThatThrownBy(() -> manager.start(broken))
        .isInstanceOfSatisfying(ProcessStartException.class, e -> {
          assertThat(e.exitCode()).hasValue(3);
          assertThat(e.logTail()).containsExactly("the node gives up");
          assertThat(e.key()).isEqualTo(key("early-1"));
        })
        .hasMessageContaining("Could not start node/early-1@local in the pack container " + neighbour.attributes().get("container"))
        .hasMessageContaining("it did not stay up (exited with status 3); its last lines:\n  the node gives up");
    assertThat(manager.status(key("early-1"))).satisfies(s -> {
      assertThat(s.state()).isEqualTo(ProcessState.FAILED);
      assertThat(s.attributes()).containsEntry("reason", "exited with status 3").containsEntry("log", "the node gives up");
    });
    assertThat(manager.status(neighbour.key())).isEqualTo(neighbour);
  }

  @Test
  void aNodesLogKeepsItsLastMebibyteAndItsLastLinesStillShow() {
    // About 3.3 MB of numbered lines at once, a last line, then quiet for longer than two looks at the log, then a failure.
    Spec chatty = packed("chatty", 1, 2).with(ProcessSpec.COMMAND, "sh -c 'i=0; while [ $i -lt 60000 ]; do"
        + " echo \"line $i of a node that says a great deal about itself\"; i=$((i+1)); done; echo the last line; sleep 12; exit 4'");
    ProcessManager manager = manager(lab.local());
    ProcessStatus started = manager.start(chatty);

    ProcessStatus failed = Poll.within(Duration.ofSeconds(90)).await("the node to fail", () -> manager.status(started.key()),
        s -> s.state() == ProcessState.FAILED);

    String dir = "/tmp/steward-nodes/node.chatty-1/";
    List<Long> sizes = exec(started.attributes().get("container"), "sh", "-c", "wc -c < " + dir + "log.1; wc -c < " + dir + "log")
        .lines().map(String::strip).map(Long::parseLong).toList();
    assertThat(sizes).as("log.1 and log").hasSize(2);
    assertThat(sizes.get(0)).as("log.1: the last MiB when the log was cut").isEqualTo(1 << 20);
    assertThat(sizes.get(1)).as("log: what came after").isLessThanOrEqualTo(1 << 20);
    assertThat(failed.attributes()).containsEntry("exit_code", "4");
    assertThat(failed.attributes().get("log").lines().toList()).hasSize(20).endsWith("line 59999 of a node that says a great deal"
        + " about itself", "the last line");
  }

  @Test
  void aPackContainerStoppedByHandHoldsNoNodesUntilOneStartsIt() {
    ProcessManager manager = manager();
    ProcessStatus first = manager.start(packed("down", 1, 2));
    manager.start(packed("down", 2, 2));
    String pack = first.attributes().get("container");
    LabDocker.docker("stop", "-t", "5", pack).requireSuccess();

    assertThat(LabDocker.inspect(pack, "{{.State.ExitCode}}")).as("the keeper stops its nodes and exits 0").isEqualTo("0");
    assertThat(manager.list("local")).isEmpty();
    assertThat(manager.status(first.key())).isEqualTo(ProcessStatus.absent(first.key()));

    ProcessStatus again = manager.start(packed("down", 1, 2));

    assertThat(again.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(again.attributes()).containsEntry("container", pack).containsEntry("container_id", first.attributes().get("container_id"));
    assertThat(manager.list("local")).extracting(s -> s.key().name() + " " + s.state()).containsExactly("down-1 RUNNING");
  }

  @Test
  void garbageFromTheListingIsAnErrorNamingThePackContainer() {
    ProcessStatus started = manager().start(packed("noise", 1, 2));
    String pack = started.attributes().get("container");
    ProcessManager garbled = manager(LabDocker.changingResults(lab.local(), r -> r.command().argv().contains("steward-read")
        ? new CommandResult(r.host(), r.command(), 0, "steward-pack 1\nnode node.noise-1\nwhat is this\n", "", false, false, r.elapsed())
        : r));

    assertThatThrownBy(() -> garbled.list("local"))
        .isInstanceOf(StewardException.class)
        .hasMessageStartingWith("Could not read the nodes in the pack container " + pack + " on local: what it printed is not a node listing")
        .hasMessageContaining("at line 3: unknown line in node node.noise-1: 'what is this'");
  }

  @Test
  void anUpgradeMovesTheNodesOneByOneAndTheOldPackGoesAfterTheLast() {
    ProcessManager manager = manager();
    ProcessStatus first = manager.start(packed("up", 1, 2));
    ProcessStatus second = manager.start(packed("up", 2, 2));
    String old = first.attributes().get("container");
    String secondRecord = recorded(second);

    ProcessStatus moved = manager.replace(upgraded(packed("up", 1, 2)), GRACE);

    String next = moved.attributes().get("container");
    assertThat(moved.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(moved.attributes()).containsEntry("image", lab.newTag()).containsEntry("version", "2.0").containsEntry("pack", "up-1");
    assertThat(next).isNotEqualTo(old).startsWith("steward-" + lab.name() + "-pack-up-1-");
    assertThat(LabDocker.inspect(next, "{{.Config.Image}} {{.State.Status}}")).isEqualTo(lab.newTag() + " running");
    assertThat(processes(old)).doesNotContainKey(pid(first)).containsEntry(pid(second), "sleep 600");
    assertThat(exec(old, "ls", "/tmp/steward-nodes").lines().toList()).containsExactly("node.up-2");
    assertThat(manager.status(second.key())).isEqualTo(second);
    assertThat(recorded(second)).isEqualTo(secondRecord);
    assertThat(manager.list("local")).extracting(s -> s.key().name() + " " + s.attributes().get("container"))
        .containsExactly("up-1 " + next, "up-2 " + old);

    ProcessStatus last = manager.replace(upgraded(packed("up", 2, 2)), GRACE);

    assertThat(last.attributes()).containsEntry("container", next).containsEntry("version", "2.0");
    assertThat(LabDocker.exists(old)).isFalse();
    assertThat(LabDocker.containersOf(lab.name())).containsExactly(moved.attributes().get("container_id"));
    assertThat(processes(next).values()).filteredOn("sleep 600"::equals).hasSize(2);
    assertThat(manager.replace(upgraded(packed("up", 2, 2)), GRACE)).as("the same upgrade again changes nothing").isEqualTo(last);
  }

  @Test
  void anUpgradeWhoseNodeDoesNotStayUpRunsTheOldNodeAgain() {
    ProcessManager manager = manager();
    ProcessStatus before = manager.start(packed("back", 1, 2));
    String old = before.attributes().get("container");

    assertThatThrownBy(() -> manager.replace(upgraded(packed("back", 1, 2)).with(ProcessSpec.COMMAND, "sh -c 'echo broken build; exit 3'"),
        GRACE))
        .isInstanceOfSatisfying(ProcessStartException.class, e -> assertThat(e.exitCode()).hasValue(3))
        .hasMessageContaining("Could not upgrade node/back-1@local on local in the pack container steward-" + lab.name() + "-pack-back-1-")
        .hasMessageContaining("; it runs again in the pack container " + old + ": ")
        .hasMessageContaining("broken build");

    ProcessStatus after = manager.status(before.key());
    assertThat(after.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(after.attributes()).containsEntry("container", old).containsEntry("version", "1.0").containsEntry("image", LabDocker.image());
    assertThat(pid(after)).isNotEqualTo(pid(before));
    assertThat(LabDocker.containersOf(lab.name())).as("the new pack, left empty, is gone").containsExactly(before.attributes().get("container_id"));
  }

  @Test
  void aPackImageWithoutAShellFailsTheStartSayingSo() {
    String noShell = "steward/no-shell:" + lab.name();
    String maker = "steward-" + lab.name() + "-no-shell";
    LabDocker.docker("run", "--name", maker, LabDocker.image(), "/bin/busybox", "rm", "/bin/sh").requireSuccess();
    try {
      LabDocker.docker("commit", maker, noShell).requireSuccess();

      assertThatThrownBy(() -> manager(lab.local()).start(packed("shell", 1, 2).with(DockerSpec.IMAGE, noShell)))
          .isInstanceOfSatisfying(ProcessStartException.class, e -> assertThat(e.exitCode()).hasValue(127))
          .hasMessageContaining("Could not start node/shell-1@local on local: its pack container steward-" + lab.name() + "-pack-shell-1-")
          .hasMessageContaining("did not stay up (exited, exit 127): a pack's image needs a POSIX sh with setsid, env, kill, mkdir, rm, cat, tail, wc,"
              + " sleep and date; its last lines:")
          .hasMessageContaining("exec sh failed");
    } finally {
      LabDocker.docker("rm", "-f", maker);
      LabDocker.removeContainersOf(lab.name());
      LabDocker.docker("image", "rm", noShell);
    }
  }

  @Test
  void aNodeMovesIntoItsPackOnAnUpgradeAndOutOfItOnTheNext() {
    ProcessManager manager = manager(lab.local());
    ProcessStatus single = manager.start(LabDocker.sleeper(key("move-1")));
    String own = single.attributes().get("container");
    assertThat(manager.start(packed("move", 1, 2))).as("a start leaves the running container as it is").isEqualTo(single);

    ProcessStatus packedNode = manager.replace(packed("move", 1, 2).with(ProcessSpec.VERSION, "2.0"), GRACE);

    assertThat(packedNode.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(packedNode.attributes()).containsEntry("pack", "move-1").containsEntry("version", "2.0");
    assertThat(LabDocker.exists(own)).isFalse();
    assertThat(LabDocker.containersOf(lab.name())).containsExactly(packedNode.attributes().get("container_id"));
    assertThat(manager.list("local")).containsExactly(packedNode);

    ProcessStatus back = manager.replace(LabDocker.sleeper(key("move-1")).with(ProcessSpec.VERSION, "3.0"), GRACE);

    assertThat(back.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(back.attributes()).containsEntry("container", own).containsEntry("version", "3.0").doesNotContainKey("pack");
    assertThat(LabDocker.exists(packedNode.attributes().get("container"))).as("the pack it left empty").isFalse();
    assertThat(manager.list("local")).containsExactly(back);
  }

  @Test
  void aMoveIntoAPackWhoseNodeDoesNotStayUpStartsItsContainerAgain() {
    ProcessManager manager = manager(lab.local());
    ProcessStatus single = manager.start(LabDocker.sleeper(key("stay-1")));
    String own = single.attributes().get("container");

    assertThatThrownBy(() -> manager.replace(packed("stay", 1, 2).with(ProcessSpec.COMMAND, "sh -c 'echo no config; exit 78'"), GRACE))
        .isInstanceOfSatisfying(ProcessStartException.class, e -> assertThat(e.exitCode()).hasValue(78))
        .hasMessageContaining("Could not move node/stay-1@local on local into the pack container steward-" + lab.name() + "-pack-stay-1-")
        .hasMessageContaining("; its container " + own + " runs again: ")
        .hasMessageContaining("no config");

    assertThat(manager.status(single.key()).attributes()).containsEntry("container", own).containsEntry("container_state", "running");
    assertThat(LabDocker.containersOf(lab.name())).as("the pack, left empty, is gone").containsExactly(single.attributes().get("container_id"));
  }

  @Test
  void refusesAndNeverTouchesAContainerOfThePacksNameThatIsNotSteward() {
    ProcessManager manager = manager(lab.local());
    String name = manager.start(packed("taken", 1, 2)).attributes().get("container");
    manager.remove(key("taken-1"), GRACE);
    String id = LabDocker.docker("run", "-d", "--name", name, LabDocker.image(), "sleep", "600").requireSuccess().stdout().strip();
    try {
      assertThatThrownBy(() -> manager.start(packed("taken", 1, 2)))
          .isInstanceOf(ForeignContainerException.class)
          .hasMessage("The container " + name + " on local has the name of the pack container of node/taken-1@local but not the labels"
              + " instance " + lab.name() + " gives it (dev.steward.pack, dev.steward.instance, dev.steward.host), so Steward will not"
              + " start nodes in it: remove or rename that container");
      assertThat(manager.list("local")).isEmpty();
      assertThat(manager.remove(key("taken-1"), GRACE)).isEqualTo(ProcessStatus.absent(key("taken-1")));
      assertThat(LabDocker.inspect(name, "{{.Id}} {{.State.Status}}")).isEqualTo(id + " running");
      assertThat(LabDocker.docker("exec", name, "ls", "/tmp").requireSuccess().stdout()).doesNotContain("steward-nodes");
    } finally {
      LabDocker.docker("rm", "-f", id);
    }
  }

  @Test
  void anotherInstanceOrAnotherNameOfTheHostNeverSeesOrTouchesAPack() {
    ProcessManager manager = manager(lab.local());
    ProcessStatus ours = manager.start(packed("mine", 1, 2));
    String other = LabDocker.uniqueInstance("other");
    ProcessManager stranger = LabDocker.manager(other, lab.local(), s -> s);
    Transport selfAlias = new Transport() {
      @Override
      public CommandResult run(String host, Command command) {
        return lab.local().run("local", command);
      }
    };
    ProcessManager aliased = manager(selfAlias);
    try {
      assertThat(stranger.list("local")).isEmpty();
      assertThat(stranger.status(ours.key())).isEqualTo(ProcessStatus.absent(ours.key()));
      assertThat(stranger.stop(ours.key(), GRACE)).isEqualTo(ProcessStatus.absent(ours.key()));
      assertThat(stranger.remove(ours.key(), GRACE)).isEqualTo(ProcessStatus.absent(ours.key()));
      ResourceKey there = ResourceKey.of("node", "mine-1", "self");
      assertThat(aliased.list("self")).isEmpty();
      assertThat(aliased.remove(there, GRACE)).isEqualTo(ProcessStatus.absent(there));
      ProcessStatus theirs = stranger.start(packed("mine", 1, 2));
      assertThat(theirs.attributes().get("container")).startsWith("steward-" + other + "-pack-mine-1-");

      assertThat(manager.status(ours.key())).isEqualTo(ours);
      assertThat(manager.list("local")).containsExactly(ours);
      assertThat(processes(ours.attributes().get("container"))).containsEntry(pid(ours), "sleep 600");
    } finally {
      stranger.close();
      LabDocker.removeContainersOf(other);
    }
  }

  /** Whether a docker command changes something: not a ps, an inspect or a script that only reads. */
  private static boolean changes(Command command) {
    List<String> argv = command.argv();
    return !List.of("ps", "inspect", "version").contains(argv.get(1)) && !argv.contains("steward-read") && !argv.contains("steward-watch");
  }

  @Test
  void anUpgradeCutShortAtAnyDockerCommandIsSettledByTheNextOne() {
    // The commands that change something when both nodes of a pack are upgraded, found by running an upgrade:
    // the first node's makes the new pack, the second's empties the old one.
    ProcessManager counted = manager(LabDocker.recording(lab.local(), commands));
    counted.start(packed("probe", 1, 2));
    counted.start(packed("probe", 2, 2));
    commands.clear();
    counted.replace(upgraded(packed("probe", 1, 2)), GRACE);
    counted.replace(upgraded(packed("probe", 2, 2)), GRACE);
    List<String> steps = commands.stream().filter(DockerPackIT::changes)
        .map(c -> c.argv().get(1) + (c.argv().get(1).equals("exec") ? " " + c.argv().get(c.argv().indexOf("-c") + 2) : "")).toList();
    assertThat(steps).containsExactly("create", "start", "exec steward-stop", "exec steward-start", "exec steward-forget",
        "exec steward-stop", "exec steward-start", "exec steward-forget", "rm");

    for (int step = 0; step < steps.size(); step++) {
      String group = "cut" + step;
      String at = step + " (" + steps.get(step) + ")";
      ProcessManager setUp = manager();
      ProcessStatus before = setUp.start(packed(group, 1, 2));
      ProcessStatus neighbour = setUp.start(packed(group, 2, 2));
      String neighbourRecord = recorded(neighbour);
      String old = before.attributes().get("container");
      AtomicInteger left = new AtomicInteger(step);
      ProcessManager first = manager(LabDocker.cuttingAfter(lab.local(), command -> changes(command) && left.getAndDecrement() == 0));
      assertThatThrownBy(() -> {
        first.replace(upgraded(packed(group, 1, 2)), GRACE);
        first.replace(upgraded(packed(group, 2, 2)), GRACE);
      }).as("cut at %s", at).isInstanceOf(TransportException.class);
      if (step < steps.size() / 2) {
        assertThat(recorded(neighbour)).as("cut at %s: the neighbour was not touched", at).isEqualTo(neighbourRecord);
      }

      // A new manager (the reconciler started again) sees each node once and finishes the upgrade.
      ProcessManager second = manager();
      assertThat(second.list("local")).as("cut at %s", at).filteredOn(s -> s.key().name().startsWith(group + "-"))
          .extracting(s -> s.key().name()).containsExactly(group + "-1", group + "-2");
      ProcessStatus one = second.replace(upgraded(packed(group, 1, 2)), GRACE);
      ProcessStatus two = second.replace(upgraded(packed(group, 2, 2)), GRACE);

      String next = one.attributes().get("container");
      assertThat(List.of(one, two)).as("cut at %s", at).allSatisfy(s -> {
        assertThat(s.state()).isEqualTo(ProcessState.RUNNING);
        assertThat(s.attributes()).containsEntry("image", lab.newTag()).containsEntry("version", "2.0").containsEntry("container", next);
      });
      assertThat(second.list("local")).as("cut at %s", at).filteredOn(s -> s.key().name().startsWith(group + "-"))
          .containsExactly(one, two);
      assertThat(LabDocker.exists(old)).as("cut at %s: the old pack is gone", at).isFalse();
      assertThat(processes(next).values()).as("cut at %s: each node runs once", at).filteredOn("sleep 600"::equals).hasSize(2);
    }
  }
}
