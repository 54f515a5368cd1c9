package dev.steward.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.CoreSettings;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.Probe;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.internal.proc.UserHz;
import dev.steward.testsupport.Poll;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The {@code local} probe, found by id, against real processes started by this test. */
class LocalProbeIT {
  /** Unique to this JVM, so nodes of other test runs on the machine never show up here. */
  private static final String INSTANCE = "probe-it-" + ProcessHandle.current().pid();
  /** Observations before the figures count: the JIT compiles meanwhile, and the first also samples the CPU for 100 ms. */
  private static final int WARM_UP = 40;

  private final Probe probe = ProviderRegistry.discover().create(ExtensionPoint.PROBE, Settings.builder()
      .set(CoreSettings.PROBE, "local")
      .set(CoreSettings.INSTANCE, INSTANCE)
      .build());
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopEverythingStarted() throws InterruptedException {
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    for (Process process : started) {
      process.waitFor();
    }
  }

  @Test
  @DisplayName("reports a marked listener with its pid, start ticks, start time, command, state and ports")
  void reportsAMarkedListener() throws Exception {
    Process node = start(INSTANCE, "node/web-1", javaListener());
    String ports = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertThat(ports).as("the first line of the listener node, telling its ports").isNotNull();
    String tcp = ports.split(" ")[0];
    String udp = ports.split(" ")[1];

    Observation observation = probe.observe("local");

    assertThat(observation.isReachable()).as(observation.unreachableReason().orElse("")).isTrue();
    ObservedResource web = observation.find(ResourceKey.local("node", "web-1")).orElseThrow();
    assertThat(web.attributes())
        .containsEntry("pid", Long.toString(node.pid()))
        .containsEntry("start_ticks", Long.toString(startTicksOf(node.pid())))
        .containsEntry("command", dev.steward.spi.support.ShellQuoting.join(javaListener()))
        .containsEntry("ports", tcp + "," + udp)
        .containsKey("state");
    assertThat(web.attributes().get("state")).isIn("R", "S");
    Instant startedAt = Instant.parse(web.attributes().get("started_at"));
    Instant jdkSays = node.info().startInstant().orElseThrow();
    assertThat(Duration.between(jdkSays, startedAt).abs()).as("started_at %s vs the JDK's %s", startedAt, jdkSays)
        .isLessThanOrEqualTo(Duration.ofSeconds(1));

    ObservedResource listener = observation.find(ResourceKey.local("listener", tcp)).orElseThrow();
    assertThat(listener.attributes())
        .containsEntry("pid", Long.toString(node.pid()))
        .containsEntry("resource", "node/web-1")
        .containsEntry("protocol", "tcp")
        .containsEntry("command", web.attributes().get("command"));
    // Java binds a dual-stack socket when the host has IPv6, which the kernel lists in tcp6.
    assertThat(listener.attributes().get("addresses")).isIn("127.0.0.1", "::ffff:127.0.0.1");
    assertThat(observation.find(ResourceKey.local("listener", udp)).orElseThrow().attributes())
        .containsEntry("pid", Long.toString(node.pid()))
        .containsEntry("protocol", "udp");
    assertThat(observation.metrics()).isPresent();
    assertThat(observation.metrics().get().cpus()).isGreaterThanOrEqualTo(1);
  }

  @Test
  @DisplayName("a node killed from outside is gone from the next observation, the others stay")
  void aKilledNodeIsGone() throws Exception {
    Process first = start(INSTANCE, "node/a", List.of("sleep", "300"));
    Process second = start(INSTANCE, "node/b", List.of("sleep", "300"));
    assertThat(nodes(probe.observe("local"))).containsKeys("a", "b");

    first.destroyForcibly();
    first.waitFor();

    Map<String, ObservedResource> after = nodes(probe.observe("local"));
    assertThat(after).containsOnlyKeys("b");
    assertThat(after.get("b").attributes()).containsEntry("pid", Long.toString(second.pid()));
  }

  @Test
  @DisplayName("does not report the processes of another instance, or processes without markers")
  void ignoresOtherInstances() throws Exception {
    start("some-other-instance", "node/a", List.of("sleep", "300"));
    Process unmarked = new ProcessBuilder("sleep", "300").start();
    started.add(unmarked);
    Process mine = start(INSTANCE, "node/mine", List.of("sleep", "300"));

    Map<String, ObservedResource> nodes = nodes(probe.observe("local"));

    assertThat(nodes).containsOnlyKeys("mine");
    assertThat(nodes.get("mine").attributes()).containsEntry("pid", Long.toString(mine.pid()));
  }

  @Test
  @DisplayName("reports a node that forked once, as the process whose parent is not the node")
  void reportsTheRootOfANodeThatForked() throws Exception {
    Process shell = start(INSTANCE, "node/forked", List.of("sh", "-c", "sleep 300 & wait"));
    waitUntil(() -> shell.descendants().findAny().isPresent(), "the shell started its child");

    Map<String, ObservedResource> nodes = nodes(probe.observe("local"));

    assertThat(nodes).containsOnlyKeys("forked");
    assertThat(nodes.get("forked").attributes())
        .containsEntry("pid", Long.toString(shell.pid()))
        .doesNotContainKey("duplicate_pids");
  }

  @Test
  @DisplayName("reports two processes started for one node as the older one, naming the duplicate")
  void namesDuplicates() throws Exception {
    Process older = start(INSTANCE, "node/twice", List.of("sleep", "300"));
    waitUntil(() -> startTicksOf(older.pid()) < currentTicks(), "a clock tick passed");
    Process newer = start(INSTANCE, "node/twice", List.of("sleep", "301"));

    ObservedResource node = nodes(probe.observe("local")).get("twice");

    assertThat(node.attributes())
        .containsEntry("pid", Long.toString(older.pid()))
        .containsEntry("duplicate_pids", Long.toString(newer.pid()));
  }

  @Test
  @DisplayName("reports every listening socket of the host, including ones no node owns")
  void reportsListenersOfTheHost() throws Exception {
    try (java.net.ServerSocket own = new java.net.ServerSocket(0)) {
      String name = "tcp:" + own.getLocalPort();

      ObservedResource listener = probe.observe("local").find(ResourceKey.local("listener", name)).orElseThrow();

      assertThat(listener.attributes())
          .containsEntry("pid", Long.toString(ProcessHandle.current().pid()))
          .containsEntry("port", Integer.toString(own.getLocalPort()))
          .doesNotContainKey("resource");
      assertThat(listener.attributes().get("addresses")).isIn("0.0.0.0", "::");
    }
  }

  /**
   * Not a check on time: prints how long observing 100 nodes takes, for the issue's budget
   * (well under 100 ms), and checks every one of them is seen every time.
   */
  @Test
  @DisplayName("observes 100 nodes, every time (and prints how long that takes)")
  void observesAHundredNodes() throws Exception {
    for (int i = 0; i < 100; i++) {
      start(INSTANCE, "node/bench-" + i, List.of("sleep", "600"));
    }
    long[] wall = new long[140];
    long cpuTicksBefore = 0;
    for (int round = 0; round < wall.length; round++) {
      if (round == WARM_UP) {
        cpuTicksBefore = threadCpuTicks();
      }
      long begin = System.nanoTime();
      Observation observation = probe.observe("local");
      wall[round] = System.nanoTime() - begin;
      assertThat(nodes(observation)).hasSize(100);
    }
    long[] measured = Arrays.copyOfRange(wall, WARM_UP, wall.length);
    double cpuMillisEach = (threadCpuTicks() - cpuTicksBefore) * 1000.0 / UserHz.ofThisMachine() / measured.length;
    Arrays.sort(measured);
    System.out.printf("local probe, 100 nodes, %d processes on the host, load %s: first observe %.1f ms;"
            + " then over %d observes: wall median %.2f ms, p90 %.2f ms, max %.2f ms; CPU %.2f ms per observe%n",
        ProcessHandle.allProcesses().count(), Files.readString(Path.of("/proc/loadavg")).split(" ")[0],
        wall[0] / 1e6, measured.length, measured[measured.length / 2] / 1e6,
        measured[measured.length * 9 / 10] / 1e6, measured[measured.length - 1] / 1e6, cpuMillisEach);
  }

  private Process start(String instance, String resource, List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(ProcessSpec.ENV_INSTANCE, instance);
    builder.environment().put(ProcessSpec.ENV_RESOURCE, resource);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private static List<String> javaListener() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classes = Path.of(ListenerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    return List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classes, ListenerMain.class.getName());
  }

  private static Map<String, ObservedResource> nodes(Observation observation) {
    assertThat(observation.isReachable()).as(observation.unreachableReason().orElse("")).isTrue();
    Map<String, ObservedResource> nodes = new java.util.TreeMap<>();
    for (ObservedResource resource : observation.resources()) {
      if (resource.key().kind().equals("node")) {
        nodes.put(resource.key().name(), resource);
      }
    }
    return nodes;
  }

  /** Field 22 of /proc/PID/stat, read here without the probe's parser. */
  private static long startTicksOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** User and system time of this thread so far, in ticks, from /proc/thread-self/stat (fields 14 and 15). */
  private static long threadCpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** Ticks since boot now, from /proc/uptime. */
  private static long currentTicks() {
    try {
      String uptime = Files.readString(Path.of("/proc/uptime")).split(" ")[0];
      return Math.round(Double.parseDouble(uptime) * UserHz.ofThisMachine());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
    Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(5)).await(what, condition);
  }

}
