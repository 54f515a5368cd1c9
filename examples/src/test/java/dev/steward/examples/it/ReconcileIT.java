package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.NodeLifecycle;
import dev.steward.node.NodeAttributes;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import dev.steward.testkit.NodeProcesses;
import dev.steward.testsupport.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("steward reconcile keeps real local processes in shape")
class ReconcileIT {
  @TempDir
  Path temp;

  private StewardJar steward;
  private String instance;
  private int basePort;
  private Path fleetFile;

  @BeforeEach
  void setUp() throws IOException {
    steward = new StewardJar(temp);
    instance = "it-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
    basePort = dev.steward.examples.fleet.LoopbackPorts.freeRange(8, 40_000, 15_000);
    fleetFile = temp.resolve("fleet.yaml");
  }

  @AfterEach
  void tearDown() {
    NodeProcesses.killAll(instance);
  }

  @Test
  @DisplayName("a node killed from outside is restarted on the next pass, under a new pid, and no other node is touched")
  void aKilledNodeIsRestarted() throws Exception {
    writeFleet(3, "1.0", "");
    // The standard budgets add two nodes per pass: the third waits for the next one.
    StewardJar.Result first = reconcileOnce();
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).contains("budget: at most 2 ADD in flight");
    StewardJar.Result filled = reconcileOnce();
    assertThat(filled.exitCode()).as(filled.toString()).isZero();
    Map<String, List<Long>> before = NodeProcesses.pidsByResource(instance);
    assertThat(before).containsOnlyKeys("node/demo-1", "node/demo-2", "node/demo-3");

    long victim = before.get("node/demo-2").get(0);
    ProcessHandle handle = ProcessHandle.of(victim).orElseThrow();
    handle.destroyForcibly();
    handle.onExit().get(10, TimeUnit.SECONDS);
    StewardJar.Result second = reconcileOnce();

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("START").contains("demo-2");
    Map<String, List<Long>> after = NodeProcesses.pidsByResource(instance);
    assertThat(after).containsOnlyKeys("node/demo-1", "node/demo-2", "node/demo-3");
    assertThat(after.get("node/demo-2")).hasSize(1).doesNotContain(victim);
    assertThat(after.get("node/demo-1")).isEqualTo(before.get("node/demo-1"));
    assertThat(after.get("node/demo-3")).isEqualTo(before.get("node/demo-3"));
    assertRecordsMatchProcesses(3);
  }

  @Test
  @DisplayName("SIGKILL at 24 random points of passes that add, remove and upgrade: the next passes converge with no duplicate and no orphan")
  void convergesAfterBeingKilledMidPass() throws Exception {
    SplittableRandom random = new SplittableRandom(Long.getLong("steward.it.seed", System.nanoTime()));
    List<String> story = new ArrayList<>();
    for (int round = 0; round < 24; round++) {
      int count = 1 + random.nextInt(5);
      String version = random.nextBoolean() ? "1.0" : "2.0";
      writeFleet(count, version, "");
      long killAfterMillis = random.nextInt(2500);
      Process runner = steward.start(common("reconcile", "--config", fleetFile.toString(), "--once", "--stop-grace", "2s"));
      boolean finished = runner.waitFor(killAfterMillis, TimeUnit.MILLISECONDS);
      if (!finished) {
        runner.destroyForcibly();
        runner.waitFor(10, TimeUnit.SECONDS);
      }
      story.add(count + "x" + version + (finished ? " (finished)" : " (killed after " + killAfterMillis + " ms)"));
    }
    writeFleet(3, "2.0", "");
    StewardJar.Result settle = null;
    // Within the standard budgets, up to 5 nodes shrink to 3 one removal a pass, then upgrade one a pass.
    for (int pass = 0; pass < 12; pass++) {
      settle = reconcileOnce();
      if (settle.exitCode() == 0 && !settle.out().contains("ADD") && !settle.out().contains("REMOVE")
          && !settle.out().contains("UPGRADE") && !settle.out().contains("START")) {
        break;
      }
    }

    assertThat(settle.exitCode()).as(story + "\n" + settle).isZero();
    Map<String, List<Long>> processes = NodeProcesses.pidsByResource(instance);
    assertThat(processes).as("after %s", story).hasSize(3);
    assertThat(processes.keySet()).as("after %s", story).allSatisfy(node -> assertThat(node).matches("node/demo-[1-9][0-9]*"));
    assertThat(processes.values()).as("one process per node after %s", story).allSatisfy(pids -> assertThat(pids).hasSize(1));
    assertRecordsMatchProcesses(3);
    try (FileStateStore store = FileStateStore.open(storeSettings())) {
      assertThat(store.list()).filteredOn(r -> r.state().equals(NodeLifecycle.RUNNING))
          .allSatisfy(r -> assertThat(r.spec().orElseThrow().property("version")).contains("2.0"));
    }
  }

  @Test
  @DisplayName("a node whose command does not exist and one whose port is taken fail with clear errors; the other nodes run")
  void brokenNodesFailAlone() throws Exception {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), basePort + 5));
      // All four additions in one pass, so each failure is seen beside the nodes that start.
      writeFleet(2, "1.0", "budgets: {add: 4}", """
            - name: ghost
              count: 1
              version: "1"
              command: /nonexistent/bin/ghost --serve
            - name: busy
              count: 1
              version: "1"
              command: %s
              base_port: %d
          """.formatted(DemoFleetFile.command(), basePort + 5));

      StewardJar.Result result = reconcileOnce();

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.out()).containsPattern("ghost-1 +failed +.*/nonexistent/bin/ghost");
      assertThat(result.out()).containsPattern("busy-1 +failed +.*port " + (basePort + 5));
      assertThat(NodeProcesses.pidsByResource(instance)).containsOnlyKeys("node/demo-1", "node/demo-2");
      try (FileStateStore store = FileStateStore.open(storeSettings())) {
        ResourceRecord ghost = store.get(dev.steward.ResourceKey.local("node", "ghost-1"));
        assertThat(ghost.state()).isEqualTo(NodeLifecycle.FAILED);
        assertThat(ghost.failures().attempts()).isEqualTo(1);
        assertThat(ghost.attribute(NodeAttributes.NEXT_ATTEMPT_AT)).isPresent();
      }
    }
  }

  @Test
  @DisplayName("a malformed fleet file is refused with the line and field; an unknown selector id names the ones found")
  void badInputIsExplained() throws Exception {
    Files.writeString(fleetFile, "fleets:\n  - name: web\n    count: 2\n    versoin: '1'\n    command: sleep 100\n");
    StewardJar.Result malformed = reconcileOnce();
    assertThat(malformed.exitCode()).isEqualTo(1);
    assertThat(malformed.err()).contains("fleet.yaml, line 4").contains("unknown field 'versoin'; did you mean 'version'?");

    writeFleet(1, "1", "");
    Files.writeString(fleetFile, Files.readString(fleetFile) + "selector: newest\n");
    StewardJar.Result unknownSelector = reconcileOnce();
    assertThat(unknownSelector.exitCode()).isNotZero();
    assertThat(unknownSelector.err()).contains("'newest'").contains("youngest");
    assertThat(NodeProcesses.pidsByResource(instance)).isEmpty();
  }

  @Test
  @DisplayName("the daemon publishes its nodes to 'steward status', obeys pause, and removes its status on SIGTERM while the nodes run on")
  void theDaemonPublishesItsNodes() throws Exception {
    writeFleet(2, "1.0", "interval: 1s\n");
    Process daemon = steward.start(common("reconcile", "--config", fleetFile.toString(), "--stop-grace", "2s"));
    try {
      StewardJar.Result status = Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).await("both nodes RUNNING in 'status --json'",
          () -> steward.run(common("status", "--json")), s -> s.exitCode() == 0 && s.out().split("\"RUNNING\"", -1).length == 3);
      assertThat(status.out()).as(status.toString()).contains("\"source\" : \"socket\"").contains("\"id\" : \"demo-1\"")
          .contains("\"local\" : \"127.0.0.1:" + basePort + "\"");

      StewardJar.Result paused = steward.run(common("pause"));
      assertThat(paused.exitCode()).as(paused.toString()).isZero();
      assertThat(steward.run(common("status", "--json")).out()).contains("\"paused\" : true");

      daemon.destroy();
      assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
      StewardJar.Result after = steward.run(common("status"));
      assertThat(after.exitCode()).as(after.toString()).isEqualTo(3);
      assertThat(after.err()).contains("No running instance found");
      assertThat(NodeProcesses.pidsByResource(instance)).containsOnlyKeys("node/demo-1", "node/demo-2");
    } finally {
      daemon.destroyForcibly();
    }
  }

  @Test
  @DisplayName("reload reads the fleet file again and goes on with all of it: fleets, budgets and interval; a bad file is refused")
  void reloadTakesThePolicyAndIntervalToo() throws Exception {
    writeFleet(1, "1.0", "budgets: {add: 1}", "interval: 1s\n");
    Process daemon = steward.start(common("reconcile", "--config", fleetFile.toString(), "--stop-grace", "2s"));
    try {
      Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).await("one node RUNNING",
          () -> steward.run(common("status", "--json")), r -> r.exitCode() == 0 && r.out().split("\"RUNNING\"", -1).length == 2);

      Files.writeString(fleetFile, "fleets: [ {name: demo\n");
      StewardJar.Result refused = steward.run(common("reload"));
      assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
      assertThat(refused.err()).as(refused.toString()).contains(fleetFile.getFileName().toString());

      // Three more nodes, and a budget that lets all three be added in one pass: only a reloaded policy allows that.
      writeFleet(4, "1.0", "budgets: {add: 3}", "interval: 2s\n");
      StewardJar.Result reload = steward.run(common("reload"));
      assertThat(reload.exitCode()).as(reload.toString()).isZero();
      Poll.within(Duration.ofSeconds(90)).every(Duration.ofMillis(200)).await("four nodes RUNNING",
          () -> steward.run(common("status", "--json")), r -> r.exitCode() == 0 && r.out().split("\"RUNNING\"", -1).length == 5);
      String log = daemonOutput();
      assertThat(log).as(log).contains("Reloaded. Reconciling every 2s").contains("pass: 3 actions, 0 failed, 0 held");
      assertThat(log.indexOf("Reloaded.")).as("the bad file changed nothing: one reload only").isEqualTo(log.lastIndexOf("Reloaded."));
    } finally {
      daemon.destroy();
      daemon.waitFor(60, TimeUnit.SECONDS);
      daemon.destroyForcibly();
    }
  }

  /** What the daemon printed: StewardJar writes each process's stdout to a file in the test's folder; the daemon's says it reconciles. */
  private String daemonOutput() throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(temp)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("stdout")).toList()) {
        String text = Files.readString(file);
        if (text.contains("Reconciling every")) {
          return text;
        }
      }
    }
    throw new AssertionError("no output of the daemon in " + temp);
  }

  private StewardJar.Result reconcileOnce() {
    return steward.run(common("reconcile", "--config", fleetFile.toString(), "--once", "--stop-grace", "2s"));
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

  private Settings storeSettings() {
    return Settings.builder().set(FileStoreSettings.DIRECTORY, temp.resolve("state")).build();
  }

  private void assertRecordsMatchProcesses(int count) {
    Map<String, List<Long>> processes = NodeProcesses.pidsByResource(instance);
    Map<String, String> running = new TreeMap<>();
    try (FileStateStore store = FileStateStore.open(storeSettings())) {
      for (ResourceRecord record : store.list()) {
        if (record.state().equals(NodeLifecycle.RUNNING)) {
          running.put("node/" + record.key().name(), record.attribute(NodeAttributes.PID).orElse(""));
        }
      }
    }
    assertThat(running).hasSize(count);
    running.forEach((node, pid) -> assertThat(processes.get(node)).as(node).containsExactly(Long.parseLong(pid)));
  }

  private void writeFleet(int count, String version, String more) throws IOException {
    writeFleet(count, version, "", more);
  }

  /** The demo fleet and {@code more}, with thresholds off and {@code policy} added to the policy. */
  private void writeFleet(int count, String version, String policy, String more) throws IOException {
    DemoFleetFile.write(fleetFile, count, version, basePort, more, "thresholds: none\n" + policy);
  }
}
