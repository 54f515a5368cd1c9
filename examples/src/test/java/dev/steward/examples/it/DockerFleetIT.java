package dev.steward.examples.it;

import static dev.steward.examples.it.DockerCommand.docker;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward reconcile} keeping a fleet of containers on this machine's Docker engine, checked with docker itself. */
@RequiresLab(LabService.DOCKER)
@DisplayName("steward reconcile keeps a fleet of Docker containers")
class DockerFleetIT {
  private static final int UPGRADE_NODES = 4;
  @TempDir
  Path temp;

  private StewardJar steward;
  private String instance;
  private Path fleetFile;
  private String image;

  @BeforeEach
  void setUp() {
    steward = new StewardJar(temp);
    instance = "itdock" + UUID.randomUUID().toString().substring(0, 6);
    fleetFile = temp.resolve("fleet.yaml");
    image = Lab.properties(LabService.DOCKER).getProperty("image");
    // A run of this class that was killed left its containers, which hold the ports these tests publish.
    List<String> left = DockerCommand.docker(List.of("docker", "ps", "-a", "--filter", "label=dev.steward.instance",
        "--format", "{{.ID}} {{.Label \"dev.steward.instance\"}}")).lines()
        .filter(line -> line.contains(" itdock")).map(line -> line.substring(0, line.indexOf(' '))).toList();
    if (!left.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
      rm.addAll(left);
      DockerCommand.docker(rm);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    List<String> ids = ours();
    if (!ids.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
      rm.addAll(ids);
      docker(rm);
    }
    docker(List.of("docker", "rm", "-f", "steward-" + instance + "-node-box-3"));
  }

  @Test
  @DisplayName("containers are started, a killed one restarted, a scale-down removes one, a same-named stranger is left alone")
  void keepsContainers() throws Exception {
    writeFleet(2);
    settle();
    assertThat(running(2)).hasSize(2);

    String victim = ours().get(0);
    docker(List.of("docker", "kill", victim));
    settle();
    assertThat(running(2)).as("the killed container's node runs again").hasSize(2);

    writeFleet(1);
    settle();
    assertThat(ours()).as("one container left, by label").hasSize(1);

    // Someone else's container takes the name node box-3 would get: it is refused, and left as it is.
    docker(List.of("docker", "create", "--name", "steward-" + instance + "-node-box-3", image, "sleep", "600"));
    writeFleet(3);
    StewardJar.Result result = reconcile();
    assertThat(result.out() + result.err()).as(result.toString())
        .contains("box-3").contains("so Steward will not start, stop or remove it").contains("remove or rename that container");
    assertThat(docker(List.of("docker", "inspect", "-f", "{{.State.Status}} {{index .Config.Labels \"dev.steward.instance\"}}",
        "steward-" + instance + "-node-box-3")).strip()).as("the stranger's container: never started, still without our labels").isEqualTo("created");

    writeFleet(0);
    settle();
    assertThat(ours()).isEmpty();
  }

  @Test
  @DisplayName("SIGKILL at 10 random points of an upgrade by image tag: the next passes converge, one container per node, no orphans")
  void convergesAfterBeingKilledDuringAnUpgrade() throws Exception {
    long seed = Long.getLong("steward.it.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    String demo = Lab.properties(LabService.DOCKER).getProperty("demo_image");
    writeUpgradeFleet(demo, "1.0");
    settle();
    assertOneContainerPerNode(demo, "1.0");

    writeUpgradeFleet(demo, "2.0");
    List<String> story = new ArrayList<>(List.of("seed " + seed));
    for (int round = 0; round < 10; round++) {
      long killAfterMillis = 200 + random.nextInt(3000);
      Process runner = steward.start(reconcileArguments());
      boolean finished = runner.waitFor(killAfterMillis, TimeUnit.MILLISECONDS);
      if (!finished) {
        runner.destroyForcibly();
        runner.waitFor(10, TimeUnit.SECONDS);
      }
      story.add(finished ? "finished" : "killed after " + killAfterMillis + " ms");
    }
    settle();

    assertThat(story).as("the runs were cut short at least once").anyMatch(s -> s.startsWith("killed"));
    assertOneContainerPerNode(demo, "2.0");
  }

  /**
   * Exactly one container per node by its key label, under the node's own name, running {@code
   * version}'s image, whose pid the node's record holds; no container of the instance beside them.
   */
  private void assertOneContainerPerNode(String demo, String version) {
    Map<String, String> recordedPids = new TreeMap<>();
    StoredNodes.runningPids(temp.resolve("state"), version).forEach((key, pid) -> recordedPids.put(key.name(), pid));
    assertThat(recordedPids).hasSize(UPGRADE_NODES);
    assertThat(ours()).as("containers of the instance").hasSize(UPGRADE_NODES);
    for (Map.Entry<String, String> node : recordedPids.entrySet()) {
      List<String> byLabel = docker(List.of("docker", "ps", "-aq", "--filter", "label=dev.steward.instance=" + instance,
          "--filter", "label=dev.steward.key=node/" + node.getKey())).lines().toList();
      assertThat(byLabel).as("containers labelled as %s", node.getKey()).hasSize(1);
      assertThat(docker(List.of("docker", "inspect", "-f", "{{.Name}} {{.Config.Image}} {{.State.Status}} {{.State.Pid}}", byLabel.get(0)))
          .strip()).as(node.getKey()).isEqualTo("/steward-" + instance + "-node-" + node.getKey() + " " + demo + ":" + version
              + " running " + node.getValue());
    }
  }

  private void writeUpgradeFleet(String demo, String version) throws IOException {
    Files.writeString(fleetFile, """
        fleets:
          - name: box
            count: %d
            version: "%s"
            image: "%s:{version}"
            command: demo-node --port {port}
            base_port: 36101
            manager: docker
            cooldown: 0s
        policy:
          thresholds: none
          budgets: {upgrade: 1, add: 4, start: 4, remove: 4}
        """.formatted(UPGRADE_NODES, version, demo));
  }

  private void settle() {
    StewardJar.Result last = null;
    for (int pass = 0; pass < 16; pass++) {
      last = reconcile();
      if (last.exitCode() == 0 && List.of("ADD", "REMOVE", "UPGRADE", "START", "held").stream().noneMatch(last.out()::contains)) {
        return;
      }
    }
    throw new AssertionError("the docker fleet did not settle within 16 passes; the last:\n" + last);
  }

  private StewardJar.Result reconcile() {
    return steward.run(reconcileArguments());
  }

  private String[] reconcileArguments() {
    return new String[] {"--set", "steward.store.dir=" + temp.resolve("state"), "--set", "steward.instance=" + instance,
        "--set", "steward.status.dir=" + temp.resolve("run"), "--set", "steward.process.dir=" + temp.resolve("processes"),
        "reconcile", "--config", fleetFile.toString(), "--once", "--stop-grace", "2s"};
  }

  private void writeFleet(int count) throws IOException {
    Files.writeString(fleetFile, """
        fleets:
          - name: box
            count: %d
            version: "1"
            image: %s
            command: sleep 600
            manager: docker
            cooldown: 0s
        policy:
          thresholds: none
          budgets: {add: 4, start: 4, remove: 4}
        """.formatted(count, image));
  }

  private List<String> ours() {
    return docker(List.of("docker", "ps", "-aq", "--no-trunc", "--filter", "label=dev.steward.instance=" + instance)).lines().toList();
  }

  private List<String> running(int expected) {
    return Poll.within(Duration.ofSeconds(30)).every(Duration.ofMillis(200)).await("the containers to run",
        () -> docker(List.of("docker", "ps", "-q", "--filter", "label=dev.steward.instance=" + instance, "--filter", "status=running"))
            .lines().toList(), ids -> ids.size() >= expected);
  }
}
