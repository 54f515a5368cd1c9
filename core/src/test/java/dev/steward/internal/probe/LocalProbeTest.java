package dev.steward.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.steward.CoreSettings;
import dev.steward.HostMetrics;
import dev.steward.InvalidSettingsException;
import dev.steward.LocalProbeSettings;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.internal.proc.ProcTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe over a {@code /proc} tree written by the test, for what real processes cannot be made
 * to show on demand: a zombie, a process gone between two reads, an exact CPU figure, a broken
 * file. {@link LocalProbeIT} runs the same code against the real {@code /proc}.
 */
class LocalProbeTest {
  private static final String HEADER4 = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
  private static final String HEADER6 = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final long BOOT = 1_700_000_000L;

  @TempDir
  Path temp;
  private Path proc;
  private LocalProbe probe;

  @BeforeEach
  void writeAnIdleHost() throws IOException {
    proc = temp.resolve("proc");
    Files.createDirectories(proc.resolve("net"));
    writeStat(1000, 9000);
    write("meminfo", "MemTotal:       1000000 kB\nMemFree:         100000 kB\nMemAvailable:    250000 kB\n");
    write("loadavg", "0.42 0.30 0.20 1/80 999\n");
    write("net/tcp", HEADER4 + "\n");
    write("net/udp", HEADER4 + "\n");
    write("net/tcp6", HEADER6 + "\n");
    write("net/udp6", HEADER6 + "\n");
    probe = probe(proc);
  }

  @Test
  @DisplayName("reports a marked process with its pid, start ticks, start time from btime, quoted command and state")
  void reportsAMarkedProcess() throws IOException {
    process(4242, 1, 'S', 12345, "mine", "node/web-1", "/opt/app/bin/server", "--name", "two words");

    ObservedResource node = observe().find(ResourceKey.local("node", "web-1")).orElseThrow();

    assertThat(node.attributes()).isEqualTo(Map.of(
        "pid", "4242",
        "start_ticks", "12345",
        "started_at", Instant.ofEpochSecond(BOOT).plusMillis(123_450).toString(),
        "command", "/opt/app/bin/server --name 'two words'",
        "state", "S",
        "ports", ""));
  }

  @Test
  @DisplayName("a node that forked is one node, and the sockets of its children are its ports")
  void countsTheSocketsOfChildrenAsTheNodesPorts() throws IOException {
    process(100, 1, 'S', 500, "mine", "node/app", "sh", "-c", "server & wait");
    process(101, 100, 'S', 501, "mine", "node/app", "server");
    listen("net/tcp", "00000000:1F90", 7001);
    listen("net/udp", "0100007F:2328", 7002);
    socketFd(101, 5, 7001);
    socketFd(101, 6, 7002);

    Observation observation = observe();

    assertThat(nodes(observation)).containsOnlyKeys("app");
    assertThat(nodes(observation).get("app").attributes())
        .containsEntry("pid", "100")
        .containsEntry("ports", "tcp:8080,udp:9000");
    assertThat(observation.find(ResourceKey.local("listener", "tcp:8080")).orElseThrow().attributes())
        .containsEntry("pid", "101")
        .containsEntry("command", "server")
        .containsEntry("resource", "node/app");
  }

  @Test
  @DisplayName("two unrelated processes of one node: the older is the node, the other is named a duplicate")
  void namesDuplicates() throws IOException {
    process(300, 1, 'S', 900, "mine", "node/twice", "sleep", "1");
    process(200, 1, 'S', 800, "mine", "node/twice", "sleep", "2");
    process(250, 1, 'S', 850, "mine", "node/twice", "sleep", "3");

    assertThat(nodes(observe()).get("twice").attributes())
        .containsEntry("pid", "200")
        .containsEntry("duplicate_pids", "250,300");
  }

  @Test
  @DisplayName("skips zombies, processes gone mid-scan, other instances and broken markers")
  void skipsWhatIsNotARunningNodeOfThisInstance() throws IOException {
    process(10, 1, 'Z', 100, "mine", "node/zombie", "gone");
    process(11, 1, 'S', 100, "mine", "node/vanished", "gone");
    Files.delete(proc.resolve("11/stat"));
    process(12, 1, 'S', 100, "theirs", "node/other-instance", "sleep");
    process(13, 1, 'S', 100, "mine", "no-slash", "sleep");
    process(14, 1, 'S', 100, "mine", "Node/Bad Name", "sleep");
    process(15, 1, 'S', 100, "mine", "node/ok", "sleep");
    Files.createDirectories(proc.resolve("16")); // a process directory that emptied as the scan reached it

    assertThat(nodes(observe())).containsOnlyKeys("ok");
  }

  @Test
  @DisplayName("one listener per protocol and port, with every address it is bound on and the holder's pid and command")
  void groupsListenersByProtocolAndPort() throws IOException {
    listen("net/tcp", "00000000:0016", 8001);
    listen("net/tcp6", "00000000000000000000000000000000:0016", 8002);
    listen("net/tcp", "0100007F:0277", 8003);
    listen("net/udp6", "00000000000000000000000001000000:0035", 8004);
    write("77/environ", "PATH=/usr/bin\0");
    write("77/cmdline", "/usr/sbin/sshd\0-D\0");
    socketFd(77, 3, 8001);
    socketFd(77, 4, 8002);
    Files.createSymbolicLink(Files.createDirectories(proc.resolve("77/fd")).resolve("0"), Path.of("/dev/null"));

    Observation observation = observe();

    assertThat(observation.resources()).extracting(r -> r.key().name())
        .containsExactly("tcp:22", "tcp:631", "udp:53");
    assertThat(observation.find(ResourceKey.local("listener", "tcp:22")).orElseThrow().attributes()).isEqualTo(Map.of(
        "protocol", "tcp", "port", "22", "addresses", "0.0.0.0,::", "uid", "0", "pid", "77", "command", "/usr/sbin/sshd -D"));
    assertThat(observation.find(ResourceKey.local("listener", "udp:53")).orElseThrow().attributes())
        .containsEntry("addresses", "::1")
        .doesNotContainKeys("pid", "command");
  }

  @Test
  @DisplayName("finds a holder again where it was last seen, and a new holder when it moved")
  void followsASocketThatMovesToAnotherProcess() throws IOException {
    listen("net/tcp", "00000000:1F90", 9001);
    write("50/environ", "A=1\0");
    write("50/cmdline", "first\0");
    socketFd(50, 3, 9001);
    assertThat(observe().find(ResourceKey.local("listener", "tcp:8080")).orElseThrow().attributes()).containsEntry("pid", "50");

    deleteTree(proc.resolve("50"));
    write("60/environ", "A=1\0");
    write("60/cmdline", "second\0");
    socketFd(60, 9, 9001);

    assertThat(observe().find(ResourceKey.local("listener", "tcp:8080")).orElseThrow().attributes()).containsEntry("pid", "60");
  }

  @Test
  @DisplayName("metrics: CPU from the ticks between observations, memory from MemAvailable, load, CPUs, disk of the path")
  void readsMetrics() throws IOException {
    HostMetrics first = observe().metrics().orElseThrow();
    assertThat(first.cpuPercent()).as("no tick passed in the first observation's sample").isZero();
    assertThat(first.memoryUsedPercent()).isCloseTo(75.0, within(1e-9));
    assertThat(first.load1()).isEqualTo(0.42);
    assertThat(first.cpus()).isEqualTo(2);
    FileStore store = Files.getFileStore(temp);
    assertThat(first.diskFreePercent()).isCloseTo(100.0 * store.getUsableSpace() / store.getTotalSpace(), within(1.0));

    writeStat(1000 + 150, 9000 + 50);
    assertThat(observe().metrics().orElseThrow().cpuPercent()).as("150 busy of 200 ticks").isCloseTo(75.0, within(1e-9));

    writeStat(1000 + 150 + 3, 9000 + 50 + 1);
    assertThat(observe().metrics().orElseThrow().cpuPercent()).as("4 ticks are too few to measure; the last figure stands")
        .isCloseTo(75.0, within(1e-9));

    writeStat(1000 + 150 + 10, 9000 + 50 + 10);
    assertThat(observe().metrics().orElseThrow().cpuPercent()).as("10 busy of 20 ticks since the last figure")
        .isCloseTo(50.0, within(1e-9));
  }

  @Test
  @DisplayName("another host is unreachable, and the reason points to the ssh probe")
  void refusesOtherHosts() {
    Observation observation = probe.observe("db-1.example.com");

    assertThat(observation.isReachable()).isFalse();
    assertThat(observation.host()).isEqualTo("db-1.example.com");
    assertThat(observation.observedAt()).isEqualTo(NOW);
    assertThat(observation.unreachableReason()).hasValue(
        "The local probe only observes \"local\" (this machine), not 'db-1.example.com': use the ssh probe (steward.probe=ssh) for other hosts");
  }

  @Test
  @DisplayName("a machine without /proc is unreachable, with a reason that says why, not an exception")
  void withoutProcTheHostIsUnreachable() {
    Observation observation = probe(temp.resolve("no-proc-here")).observe("local");

    assertThat(observation.isReachable()).isFalse();
    assertThat(observation.unreachableReason().orElseThrow())
        .startsWith("Cannot read " + temp.resolve("no-proc-here").resolve("stat") + " on this machine: it does not exist.")
        .contains("reads Linux's /proc");
  }

  @Test
  void anUnreadableProcFileMakesTheHostUnreachableWithTheParseError() throws IOException {
    write("meminfo", "MemTotal: lots\n");

    assertThat(observe().unreachableReason()).hasValue(
        "Cannot read the output of /proc/meminfo at line 1: the value of MemTotal 'lots' is not a decimal number");
  }

  @Test
  void aDiskPathThatDoesNotExistIsNamedWithItsSetting() {
    LocalProbe lost = new LocalProbe(new ProcTable(proc, 100), "mine", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(1), temp.resolve("missing"));

    assertThat(lost.observe("local").unreachableReason().orElseThrow())
        .contains("steward.probe.local.disk-path " + temp.resolve("missing") + " cannot be read");
  }

  @Test
  @DisplayName("the provider is found by id 'local' and refuses a CPU sample window out of range")
  void providerChecksItsSettings() {
    ProviderRegistry registry = ProviderRegistry.discover();
    assertThat(registry.create(ExtensionPoint.PROBE, Settings.builder().set(CoreSettings.PROBE, "local").build()))
        .isInstanceOf(LocalProbe.class);

    assertThatThrownBy(() -> registry.create(ExtensionPoint.PROBE, Settings.builder()
            .set(CoreSettings.PROBE, "local").set(LocalProbeSettings.CPU_SAMPLE, Duration.ofMinutes(1)).build()))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("steward.probe.local.cpu-sample")
        .hasMessageContaining("must be between 1ms and 10s");
  }

  private Observation observe() {
    Observation observation = probe.observe("local");
    assertThat(observation.observedAt()).isEqualTo(NOW);
    return observation;
  }

  private LocalProbe probe(Path root) {
    return new LocalProbe(new ProcTable(root, 100), "mine", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(1), temp);
  }

  private static Map<String, ObservedResource> nodes(Observation observation) {
    assertThat(observation.isReachable()).as(observation.unreachableReason().orElse("")).isTrue();
    Map<String, ObservedResource> nodes = new java.util.TreeMap<>();
    observation.resources().stream().filter(r -> r.key().kind().equals("node")).forEach(r -> nodes.put(r.key().name(), r));
    return nodes;
  }

  /** Two CPUs; {@code busy} user ticks and {@code idle} idle ticks in all. */
  private void writeStat(long busy, long idle) throws IOException {
    write("stat", "cpu  " + busy + " 0 0 " + idle + " 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0 0 0\n"
        + "intr 1 2 3\nctxt 5\nbtime " + BOOT + "\nprocesses 9\n");
  }

  private void process(int pid, int ppid, char state, long startTicks, String instance, String resource, String... argv)
      throws IOException {
    write(pid + "/environ", "HOME=/root\0STEWARD_INSTANCE=" + instance + "\0STEWARD_RESOURCE=" + resource + "\0");
    write(pid + "/stat", pid + " (" + argv[0] + ") " + state + " " + ppid + " " + pid + " " + pid
        + " 0 -1 4194304 100 0 0 0 1 2 0 0 20 0 1 0 " + startTicks + " 1000 100 18446744073709551615\n");
    write(pid + "/cmdline", String.join("\0", argv) + "\0");
    Files.createDirectories(proc.resolve(pid + "/fd"));
  }

  private void listen(String table, String endpoint, long inode) throws IOException {
    boolean six = table.endsWith("6");
    boolean udp = table.contains("udp");
    String remote = six ? "00000000000000000000000000000000:0000" : "00000000:0000";
    String line = "   0: " + endpoint + " " + remote + " " + (udp ? "07" : "0A")
        + " 00000000:00000000 00:00000000 00000000     0        0 " + inode + " 1 0000000000000000 100 0 0 10 0\n";
    Files.writeString(proc.resolve(table), line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
  }

  private void socketFd(int pid, int fd, long inode) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(pid + "/fd"));
    Files.createSymbolicLink(dir.resolve(Integer.toString(fd)), Path.of("socket:[" + inode + "]"));
  }

  private void write(String file, String text) throws IOException {
    Path path = proc.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
