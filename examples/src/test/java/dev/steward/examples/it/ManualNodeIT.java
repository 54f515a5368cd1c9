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

@DisplayName("steward reconcile add-node and remove-node: manual actions through the loop's budgets and lifecycle")
class ManualNodeIT {
  @TempDir
  Path temp;

  private StewardJar steward;
  private String instance;
  private int basePort;
  private Path fleetFile;

  @BeforeEach
  void setUp() throws IOException {
    steward = new StewardJar(temp);
    instance = "manual-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
    basePort = dev.steward.examples.fleet.LoopbackPorts.freeRange(6, 40_000, 15_000);
    fleetFile = temp.resolve("fleet.yaml");
  }

  @AfterEach
  void tearDown() {
    NodeProcesses.killAll(instance);
  }

  @Test
  @DisplayName("add-node and remove-node act at once, the counts they set hold across passes, and the node named is the one that goes")
  void addAndRemoveByHand() throws Exception {
    writeFleet(2, "none");
    assertThat(run("reconcile", "--config", fleetFile.toString(), "--once").exitCode()).isZero();
    assertThat(NodeProcesses.pidsByResource(instance)).containsOnlyKeys("node/demo-1", "node/demo-2");

    StewardJar.Result added = run("reconcile", "--config", fleetFile.toString(), "add-node", "demo");
    assertThat(added.exitCode()).as(added.toString()).isZero();
    assertThat(added.out()).contains("ADD node/demo-3@local: fleet demo has 2 nodes and wants 3").contains("done: ");
    assertThat(NodeProcesses.pidsByResource(instance)).containsOnlyKeys("node/demo-1", "node/demo-2", "node/demo-3");

    // The next pass keeps the count set by hand: nothing is removed.
    StewardJar.Result pass = run("reconcile", "--config", fleetFile.toString(), "--once");
    assertThat(pass.exitCode()).as(pass.toString()).isZero();
    assertThat(pass.out()).doesNotContain("REMOVE");
    assertThat(NodeProcesses.pidsByResource(instance)).hasSize(3);
    StewardJar.Result record = run("state", "show", "fleet/demo@local", "--dir", temp.resolve("state").toString());
    assertThat(record.out()).as(record.toString()).contains("SCALED").contains("count").contains("3");

    // The selector would pick the youngest (demo-3); the node named goes instead.
    Map<String, List<Long>> before = NodeProcesses.pidsByResource(instance);
    StewardJar.Result removed = run("reconcile", "--config", fleetFile.toString(), "remove-node", "demo-1");
    assertThat(removed.exitCode()).as(removed.toString()).isZero();
    assertThat(removed.out()).contains("REMOVE node/demo-1@local: fleet demo has 3 nodes and wants 2; removal asked for by hand");
    assertThat(NodeProcesses.pidsByResource(instance)).containsOnlyKeys("node/demo-2", "node/demo-3");
    assertThat(NodeProcesses.pidsByResource(instance).get("node/demo-3")).isEqualTo(before.get("node/demo-3"));
    StewardJar.Result again = run("reconcile", "--config", fleetFile.toString(), "--once");
    assertThat(again.out()).as(again.toString()).doesNotContain("ADD");
    assertThat(NodeProcesses.pidsByResource(instance)).containsOnlyKeys("node/demo-2", "node/demo-3");

    // The fleet file's own count changed: it wins again.
    writeFleet(1, "none");
    StewardJar.Result filed = run("reconcile", "--config", fleetFile.toString(), "--once");
    assertThat(filed.exitCode()).as(filed.toString()).isZero();
    assertThat(NodeProcesses.pidsByResource(instance)).hasSize(1);
  }

  @Test
  @DisplayName("an addition a threshold holds back is refused with its reason and changes nothing; unknown names are errors")
  void refusals() throws Exception {
    writeFleet(1, "none");
    assertThat(run("reconcile", "--config", fleetFile.toString(), "--once").exitCode()).isZero();
    writeFleet(1, "{memory_add_below: 0.01}");

    StewardJar.Result refused = run("reconcile", "--config", fleetFile.toString(), "add-node", "demo");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("add-node refused: ").contains("memory")
        .contains("demo stays at 1 node and nothing was changed");
    assertThat(NodeProcesses.pidsByResource(instance)).containsOnlyKeys("node/demo-1");
    assertThat(run("reconcile", "--config", fleetFile.toString(), "--dry-run").out()).doesNotContain("ADD");

    StewardJar.Result noFleet = run("reconcile", "--config", fleetFile.toString(), "add-node", "web");
    assertThat(noFleet.exitCode()).isEqualTo(1);
    assertThat(noFleet.err()).contains("no fleet 'web' in the fleet file; it has demo@local");
    StewardJar.Result noNode = run("reconcile", "--config", fleetFile.toString(), "remove-node", "demo-7");
    assertThat(noNode.exitCode()).isEqualTo(1);
    assertThat(noNode.err()).contains("no node node/demo-7@local in the store");
  }

  @Test
  @DisplayName("while a daemon leads, add-node plans the change and the daemon carries it out")
  void theLeaderCarriesItOut() throws Exception {
    writeFleet(1, "none", "interval: 1s\n");
    Process daemon = steward.start(common("reconcile", "--config", fleetFile.toString(), "--stop-grace", "2s"));
    try {
      Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).await("one node", () -> NodeProcesses.pidsByResource(instance),
          nodes -> nodes.size() == 1);
      StewardJar.Result added = run("reconcile", "--config", fleetFile.toString(), "add-node", "demo");
      assertThat(added.exitCode()).as(added.toString()).isZero();
      assertThat(added.out()).contains("ADD node/demo-2").contains("leads, and carries it out in its next pass");
      Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).await("the daemon adds demo-2",
          () -> NodeProcesses.pidsByResource(instance), nodes -> nodes.containsKey("node/demo-2"));
    } finally {
      daemon.destroy();
      daemon.waitFor(60, TimeUnit.SECONDS);
      daemon.destroyForcibly();
    }
  }

  private StewardJar.Result run(String... args) {
    return steward.run(common(args));
  }

  private String[] common(String... args) {
    List<String> all = new ArrayList<>(List.of(
        "--set", "steward.store.dir=" + temp.resolve("state"),
        "--set", "steward.process.dir=" + temp.resolve("processes"),
        "--set", "steward.instance=" + instance,
        "--set", "steward.status.dir=" + temp.resolve("run")));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  private void writeFleet(int count, String thresholds) throws IOException {
    writeFleet(count, thresholds, "");
  }

  private void writeFleet(int count, String thresholds, String more) throws IOException {
    DemoFleetFile.write(fleetFile, count, "1.0", basePort, more, "thresholds: " + thresholds + "\nbudgets: {add: 3}");
  }
}
