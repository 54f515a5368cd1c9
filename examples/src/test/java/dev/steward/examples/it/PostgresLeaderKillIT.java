package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testkit.NodeProcesses;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two reconcile daemons on one fleet through the lab's PostgreSQL (a schema of their own): the
 * leader SIGKILLed at random points of its passes, or paused with SIGSTOP past its lease.
 */
@RequiresLab(LabService.POSTGRES)
@DisplayName("two reconcile daemons on PostgreSQL: the leader killed at random, or paused past its lease")
class PostgresLeaderKillIT {
  private static final int NODES = 3;

  @TempDir
  Path temp;

  private final Properties lab = Lab.properties(LabService.POSTGRES);
  private final String schema = "lead" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
  private final Map<String, Process> daemons = new LinkedHashMap<>();
  private StewardJar steward;
  private String instance;
  private Path fleetFile;

  @BeforeEach
  void setUp() throws IOException {
    steward = new StewardJar(temp);
    instance = "pgkill-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
    int basePort = dev.steward.examples.fleet.LoopbackPorts.freeRange(NODES, 40_000, 15_000);
    fleetFile = temp.resolve("fleet.yaml");
    DemoFleetFile.write(fleetFile, NODES, "1.0", basePort, "interval: 1s", "thresholds: none\nbudgets: {add: 3, start: 3}");
  }

  @AfterEach
  void tearDown() throws Exception {
    daemons.values().forEach(p -> {
      signal(p, "CONT");
      p.destroyForcibly();
    });
    NodeProcesses.killAll(instance);
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  @DisplayName("20 SIGKILLs of the leader at random points, each restarted at once: the fleet converges to exactly its nodes, no duplicates")
  void convergesAfterTwentyKillsOfTheLeader() throws Exception {
    start("a");
    start("b");
    awaitNodes();
    SplittableRandom random = new SplittableRandom(Long.getLong("steward.kill.seed", System.nanoTime()));
    List<String> log = new ArrayList<>();
    for (int round = 1; round <= 20; round++) {
      String leader = awaitLeader();
      if (random.nextBoolean()) {
        // Work for the leader's next pass, so the kill may land in the middle of an action.
        List<Long> pids = NodeProcesses.pidsByResource(instance).values().stream().flatMap(List::stream).toList();
        if (!pids.isEmpty()) {
          ProcessHandle.of(pids.get(random.nextInt(pids.size()))).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      long wait = 100 + random.nextLong(1500);
      Thread.sleep(wait);
      daemons.get(leader).destroyForcibly();
      assertThat(daemons.get(leader).waitFor(30, TimeUnit.SECONDS)).isTrue();
      log.add(round + ": killed " + leader + " after " + wait + " ms");
      start(leader);
    }
    awaitLeader();
    Map<String, List<Long>> nodes = awaitNodes();
    Thread.sleep(3000);
    assertThat(NodeProcesses.pidsByResource(instance)).as(String.join("\n", log)).isEqualTo(nodes);
    assertThat(nodes.values()).allSatisfy(pids -> assertThat(pids).hasSize(1));
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".steward_record WHERE kind = 'node' AND record->>'state' = 'RUNNING'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("RUNNING node records").isEqualTo(NODES);
    }
  }

  @Test
  @DisplayName("a leader paused past its lease and resumed writes nothing once the next leader's term began")
  void aPausedLeaderWritesNothingAfterTheNextTerm() throws Exception {
    start("a");
    String leader = awaitLeader();
    start("b".equals(leader) ? "a" : "b");
    String follower = daemons.keySet().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    awaitNodes();
    long term = currentTerm();

    signal(daemons.get(leader), "STOP");
    // The follower takes over once the paused leader's lease (2 s) ran out; meanwhile a node dies.
    NodeProcesses.pidsByResource(instance).get("node/demo-1").forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(100)).await(follower + " leads", () -> currentTerm() > term);
    Timestamp takeover = leaseSince();
    awaitNodes();
    signal(daemons.get(leader), "CONT");
    Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).await(leader + " says it follows",
        () -> steward.run(common(leader, "status", "--json")), s -> s.out().contains("\"state\" : \"following\""));
    Thread.sleep(3000);

    try (Connection c = connect(); java.sql.PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + schema
        + ".steward_record WHERE written_term IS NOT NULL AND written_term <= ? AND updated_at >= ?")) {
      s.setLong(1, term);
      s.setTimestamp(2, takeover);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("records written with term " + term + " or older after term " + (term + 1) + " began").isZero();
      }
      s.setLong(1, Long.MAX_VALUE);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("the new leader wrote since its term began (the check above can fail)").isPositive();
      }
    }
    assertThat(NodeProcesses.pidsByResource(instance).values()).hasSize(NODES).allSatisfy(pids -> assertThat(pids).hasSize(1));
  }

  private void start(String name) {
    daemons.put(name, steward.start(common(name, "reconcile", "--config", fleetFile.toString(), "--store", "postgres", "--stop-grace", "2s")));
  }

  private String[] common(String name, String... args) {
    List<String> all = new ArrayList<>(List.of(
        "--set", "steward.postgres.url=" + lab.getProperty("url"),
        "--set", "steward.postgres.user=" + lab.getProperty("user"),
        "--set", "steward.postgres.password-file=" + lab.getProperty("password_file"),
        "--set", "steward.postgres.schema=" + schema,
        "--set", "steward.process.dir=" + temp.resolve("processes"),
        "--set", "steward.instance=" + instance,
        "--set", "steward.leader.lease=2s",
        "--set", "steward.leader.candidate=" + name,
        "--set", "steward.status.dir=" + temp.resolve("run-" + name)));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  /** The daemon whose status says it leads, once exactly one does. */
  private String awaitLeader() {
    return Poll.within(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).awaitValue("exactly one leader", () -> {
      List<String> leading = daemons.keySet().stream()
          .filter(name -> daemons.get(name).isAlive())
          .filter(name -> steward.run(common(name, "status", "--json")).out().contains("\"state\" : \"leading\""))
          .toList();
      return leading.size() == 1 ? Optional.of(leading.get(0)) : Optional.empty();
    });
  }

  private Map<String, List<Long>> awaitNodes() {
    return Poll.within(Duration.ofSeconds(120)).every(Duration.ofMillis(200)).await(NODES + " nodes, one process each",
        () -> NodeProcesses.pidsByResource(instance),
        nodes -> nodes.size() == NODES && nodes.values().stream().allMatch(pids -> pids.size() == 1));
  }

  private long currentTerm() {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(term), 0) FROM " + schema + ".steward_leader")) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      return 0;
    }
  }

  private Timestamp leaseSince() throws Exception {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT since FROM " + schema + ".steward_leader ORDER BY term DESC LIMIT 1")) {
      rs.next();
      return rs.getTimestamp(1);
    }
  }

  private Connection connect() throws Exception {
    Properties login = new Properties();
    login.setProperty("user", lab.getProperty("user"));
    login.setProperty("password", Files.readString(Path.of(lab.getProperty("password_file")), StandardCharsets.UTF_8).strip());
    return DriverManager.getConnection(lab.getProperty("url"), login);
  }

  private static void signal(Process process, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
