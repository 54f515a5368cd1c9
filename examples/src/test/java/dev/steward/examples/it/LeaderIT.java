package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testkit.NodeProcesses;
import dev.steward.testsupport.Poll;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("two reconcile daemons on one store: one leads and acts, the other takes over when it is killed")
class LeaderIT {
  @TempDir
  Path temp;

  private StewardJar steward;
  private String instance;
  private Path fleetFile;
  private final List<Process> daemons = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    steward = new StewardJar(temp);
    instance = "lead-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
    int basePort = dev.steward.examples.fleet.LoopbackPorts.freeRange(4, 40_000, 15_000);
    fleetFile = temp.resolve("fleet.yaml");
    DemoFleetFile.write(fleetFile, 2, "1.0", basePort, "interval: 1s", "thresholds: none");
  }

  @AfterEach
  void tearDown() {
    daemons.forEach(Process::destroyForcibly);
    NodeProcesses.killAll(instance);
  }

  @Test
  @DisplayName("exactly one acts, the follower serves status naming the leader, 'reconcile --once' is refused, and SIGKILL hands over")
  void oneLeadsAndTheOtherTakesOverAfterSigkill() throws Exception {
    Process a = daemon("a");
    StewardJar.Result leading = awaitLeader("a", "\"leading\"");
    assertThat(leading.out()).contains(":" + a.pid());
    Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).await("two nodes RUNNING",
        () -> steward.run(common("a", "status", "--json")), s -> s.out().split("\"RUNNING\"", -1).length == 3);

    Process b = daemon("b");
    StewardJar.Result following = awaitLeader("b", "\"following\"");
    assertThat(following.out()).as(following.toString()).contains(":" + a.pid() + " leads with term");
    // The follower runs passes too: it observes and plans, and adds nothing of its own.
    Poll.within(Duration.ofSeconds(30)).every(Duration.ofMillis(200)).await("the follower shows the leader's nodes",
        () -> steward.run(common("b", "status", "--json")), s -> s.out().split("\"RUNNING\"", -1).length == 3);
    Thread.sleep(3000);
    Map<String, List<Long>> nodes = NodeProcesses.pidsByResource(instance);
    assertThat(nodes).containsOnlyKeys("node/demo-1", "node/demo-2");
    assertThat(nodes.values()).allSatisfy(pids -> assertThat(pids).hasSize(1));

    StewardJar.Result once = steward.run(common("c", "reconcile", "--config", fleetFile.toString(), "--once"));
    assertThat(once.exitCode()).as(once.toString()).isEqualTo(1);
    assertThat(once.err()).contains("another instance leads 'steward'").contains(":" + a.pid());

    long killedAt = System.nanoTime();
    a.destroyForcibly();
    assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
    StewardJar.Result took = awaitLeader("b", "\"leading\"");
    long millis = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("LeaderIT: the follower led " + millis + " ms after the leader's SIGKILL (lease 3s)");
    assertThat(took.out()).contains(":" + b.pid()).contains("\"term\" : \"2\"");

    // The new leader acts: a node killed from outside is started again, by b.
    long victim = nodes.get("node/demo-1").get(0);
    ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
    Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).await("demo-1 started again under a new pid",
        () -> NodeProcesses.pidsByResource(instance).getOrDefault("node/demo-1", List.of()),
        pids -> pids.size() == 1 && !pids.contains(victim));
    assertThat(NodeProcesses.pidsByResource(instance).get("node/demo-2")).isEqualTo(nodes.get("node/demo-2"));
  }

  private Process daemon(String name) {
    Process process = steward.start(common(name, "reconcile", "--config", fleetFile.toString(), "--stop-grace", "2s"));
    daemons.add(process);
    return process;
  }

  private StewardJar.Result awaitLeader(String name, String state) {
    return Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).await(name + "'s leader item " + state,
        () -> steward.run(common(name, "status", "--json")),
        s -> s.exitCode() == 0 && s.out().contains("\"id\" : \"leader\"") && s.out().contains("\"state\" : " + state));
  }

  /** One store, one instance (the nodes are the instance's), a status folder per daemon. */
  private String[] common(String name, String... args) {
    List<String> all = new ArrayList<>(List.of(
        "--set", "steward.store.dir=" + temp.resolve("state"),
        "--set", "steward.process.dir=" + temp.resolve("processes"),
        "--set", "steward.instance=" + instance,
        "--set", "steward.leader.lease=3s",
        "--set", "steward.status.dir=" + temp.resolve("run-" + name)));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }
}
