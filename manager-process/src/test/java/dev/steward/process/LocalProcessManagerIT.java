package dev.steward.process;

import dev.steward.internal.proc.ProcTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.CoreSettings;
import dev.steward.ObservedResource;
import dev.steward.Probe;
import dev.steward.ProcessIdentity;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessStartException;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.spi.support.ShellQuoting;
import dev.steward.Spec;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.node.NodeAttributes;
import dev.steward.observe.ProcEnviron;
import dev.steward.observe.ProcessStat;
import dev.steward.process.internal.NodeRecords;
import dev.steward.testkit.NodeProcesses;
import dev.steward.testsupport.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code process} manager with real processes, checked from outside through /proc. */
class LocalProcessManagerIT {
  private static final String JAVA = ProcessHandle.current().info().command().orElseThrow();
  private static final Path TEST_CLASSES = Path.of("target", "test-classes").toAbsolutePath();
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ProcTable PROC = ProcTable.ofThisMachine();

  private final String instance = "procmgr-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<ProcessManager> managers = new ArrayList<>();
  private final List<Process> outsiders = new ArrayList<>();

  @TempDir
  Path tmp;
  private Path dir;
  private ProcessManager manager;

  @BeforeEach
  void createManager() {
    dir = tmp.resolve("processes");
    manager = manager(Duration.ofMillis(300));
  }

  @AfterEach
  void stopEverythingAndCheckNothingIsLeft() {
    try {
      ProcessManager cleaner = manager(Duration.ofMillis(300));
      for (ProcessStatus status : cleaner.list()) {
        cleaner.stop(status.key(), Duration.ZERO);
      }
    } finally {
      managers.forEach(ProcessManager::close);
      outsiders.forEach(Process::destroyForcibly);
    }
    NodeProcesses.assertNoneLeft(instance);
  }

  private ProcessManager manager(Duration startCheck) {
    Settings settings = Settings.builder()
        .set(CoreSettings.PROCESS_MANAGER, "process")
        .set(CoreSettings.INSTANCE, instance)
        .set(ProcessManagerSettings.DIRECTORY, dir)
        .set(ProcessManagerSettings.START_CHECK, startCheck)
        .build();
    ProcessManager made = ProviderRegistry.discover().create(ExtensionPoint.PROCESS_MANAGER, settings);
    managers.add(made);
    return made;
  }

  private static Spec spec(String name, String command) {
    return Spec.of(ResourceKey.local("node", name)).with(ProcessSpec.COMMAND, command);
  }

  private static String demoNode(String... args) {
    List<String> argv = new ArrayList<>(List.of(JAVA, "-cp", TEST_CLASSES.toString(), DemoNode.class.getName()));
    argv.addAll(Arrays.asList(args));
    return ShellQuoting.join(argv);
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private List<ProcessStat> processesOf(String name) {
    return NodeProcesses.of(instance, "node/" + name);
  }

  private static Map<String, String> environ(long pid) throws IOException {
    byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
    return ProcEnviron.parse(new String(bytes, StandardCharsets.UTF_8));
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static <T> T await(Supplier<T> read, Predicate<T> done, String what) {
    return Poll.within(PATIENCE).await(what, read, done);
  }

  @Test
  void startsTheNodeInItsOwnSessionWithItsMarkersAndItsLogInPrivateFiles() throws IOException {
    Spec spec = spec("own-session", "sleep 600").with(ProcessSpec.VERSION, "1.4").with("env.GREETING", "hello there");

    ProcessStatus status = manager.start(spec);

    long pid = status.pid().orElseThrow();
    ProcessStat stat = PROC.stat(pid).orElseThrow();
    assertThat(stat.session()).as("session id").isEqualTo(pid);
    assertThat(stat.pgrp()).as("process group id").isEqualTo(pid);
    assertThat(stat.comm()).isEqualTo("sleep");
    assertThat(environ(pid)).containsEntry(ProcessSpec.ENV_INSTANCE, instance)
        .containsEntry(ProcessSpec.ENV_RESOURCE, "node/own-session")
        .containsEntry("GREETING", "hello there");
    Path log = dir.resolve("node.own-session.log");
    assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "0"))).isEqualTo(Path.of("/dev/null"));
    assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "1"))).isEqualTo(log);
    assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "2"))).isEqualTo(log);
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(log)).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("node.own-session.json"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("node.own-session.lock"))).isEqualTo("rw-------");
    assertThat(status.attributes())
        .containsEntry("log", log.toString())
        .containsEntry("command", "sleep 600")
        .containsEntry("version", "1.4");
    assertThat(status.identity()).hasValue(new ProcessIdentity(pid, stat.startTicks()));
    assertThat(ProcessHandle.of(pid).orElseThrow().info().startInstant().orElseThrow())
        .isBetween(status.startedAt().orElseThrow().minusSeconds(1), status.startedAt().orElseThrow().plusSeconds(1));
  }

  @Test
  @DisplayName("the local probe and the manager name one real sleep the same: pid, start ticks and start time")
  void theProbeAndTheManagerReportTheSameIdentity() {
    ProcessStatus status = manager.start(spec("seen-twice", "sleep 600"));
    Probe probe = ProviderRegistry.discover().create(ExtensionPoint.PROBE, Settings.builder()
        .set(CoreSettings.PROBE, "local").set(CoreSettings.INSTANCE, instance).build());

    ObservedResource observed = probe.observe(ResourceKey.LOCAL).find(status.key()).orElseThrow();

    ProcessIdentity managerSays = status.identity().orElseThrow();
    ProcessIdentity probeSays = new ProcessIdentity(Long.parseLong(observed.attributes().get(NodeAttributes.PID)),
        Long.parseLong(observed.attributes().get(NodeAttributes.START_TICKS)));
    assertThat(probeSays).isEqualTo(managerSays);
    assertThat(PROC.identity(managerSays.pid())).hasValue(managerSays);
    assertThat(Instant.parse(observed.attributes().get(NodeAttributes.STARTED_AT))).isEqualTo(status.startedAt().orElseThrow());
  }

  @Test
  void aNodeWithAPortIsRunningOnlyOnceItListens() throws IOException {
    int port = freePort();
    ProcessManager patient = manager(Duration.ofSeconds(60));

    ProcessStatus status = patient.start(spec("listener", demoNode("--port", Integer.toString(port)))
        .with(ProcessSpec.PORT, Integer.toString(port)));

    assertThat(status.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(status.attributes()).containsEntry("port", Integer.toString(port));
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
      assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
    }
    assertThat(patient.start(spec("listener", demoNode("--port", Integer.toString(port)))
        .with(ProcessSpec.PORT, Integer.toString(port))).pid()).as("its own port is no obstacle to 'start' again")
        .isEqualTo(status.pid());
  }

  @Test
  void aCommandThatDoesNotExistIsRefusedBeforeAnythingIsLaunched() {
    assertThatThrownBy(() -> manager.start(spec("missing", "no-such-command-4711 --serve")))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageStartingWith("Cannot start node/missing@local: the command 'no-such-command-4711' was not found in PATH (")
        .satisfies(e -> assertThat(((ProcessStartException) e).exitCode()).isEmpty());

    assertThat(manager.status(ResourceKey.local("node", "missing")).state()).isEqualTo(ProcessState.ABSENT);
    assertThat(processesOf("missing")).isEmpty();
    assertThat(dir.resolve("node.missing.log")).doesNotExist();
  }

  @Test
  void aMissingDirectoryIsRefusedBeforeAnythingIsLaunched() {
    Path nowhere = tmp.resolve("nowhere");

    assertThatThrownBy(() -> manager.start(spec("homeless", "sleep 600").with(ProcessSpec.DIRECTORY, nowhere.toString())))
        .isInstanceOf(ProcessStartException.class)
        .hasMessage("Cannot start node/homeless@local: its directory " + nowhere + " does not exist. "
            + "Create it, or fix the 'directory' property");
    assertThat(processesOf("homeless")).isEmpty();
  }

  @Test
  void aNodeRunsInItsDirectory() throws IOException {
    Path work = Files.createDirectory(tmp.resolve("work"));

    long pid = manager.start(spec("worker", "sleep 600").with(ProcessSpec.DIRECTORY, work.toString())).pid().orElseThrow();

    assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"))).isEqualTo(work);
  }

  @Test
  void aTakenPortIsRefusedNamingItsHolderAndTheOtherNodesAreUnaffected() throws IOException {
    ProcessStatus bystander = manager.start(spec("bystander", "sleep 600"));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> manager.start(spec("blocked", demoNode("--port", Integer.toString(port)))
          .with(ProcessSpec.PORT, Integer.toString(port))))
          .isInstanceOf(ProcessStartException.class)
          .hasMessageStartingWith("Cannot start node/blocked@local: port " + port + " is already in use by pid "
              + ProcessHandle.current().pid() + " (this very process, ")
          .hasMessageEndingWith("Stop that process, or give node/blocked@local another 'port'");

      assertThat(processesOf("blocked")).isEmpty();
      assertThat(manager.status(ResourceKey.local("node", "blocked")).state()).isEqualTo(ProcessState.ABSENT);
    }
    assertThat(manager.status(bystander.key()).pid()).isEqualTo(bystander.pid());
    int free = freePort();
    assertThat(manager(Duration.ofSeconds(60)).start(spec("other", demoNode("--port", Integer.toString(free)))
        .with(ProcessSpec.PORT, Integer.toString(free))).state()).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void aNodeThatExitsAtOnceFailsWithItsStatusAndTheEndOfItsLog() {
    ProcessManager patient = manager(Duration.ofSeconds(60));

    ProcessStartException e = (ProcessStartException) catchThrowable(() -> patient.start(spec("demo-3", demoNode("--exit", "1"))));

    assertThat(e.key()).isEqualTo(ResourceKey.local("node", "demo-3"));
    assertThat(e.exitCode()).hasValue(1);
    assertThat(e.logTail()).endsWith("demo node starting", "java.net.BindException: Address already in use");
    assertThat(e.getMessage())
        .startsWith("node/demo-3@local (" + JAVA + ", pid ")
        .contains(") exited with status 1 within 1m of starting. The last lines of its log " + dir.resolve("node.demo-3.log") + ":")
        .endsWith("\n    java.net.BindException: Address already in use");
    ProcessStatus status = patient.status(e.key());
    assertThat(status.state()).isEqualTo(ProcessState.FAILED);
    assertThat(status.attributes()).containsEntry("exit_code", "1").containsKey("failure");
    assertThat(processesOf("demo-3")).isEmpty();
  }

  @Test
  void aNodeThatNeverListensOnItsPortIsStoppedAndReported() throws IOException {
    int port = freePort();

    assertThatThrownBy(() -> manager.start(spec("deaf", "sleep 600").with(ProcessSpec.PORT, Integer.toString(port))))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining("did not listen on port " + port + " within 300ms of starting, so it was stopped")
        .hasMessageContaining("raise steward.process.start-check");

    assertThat(processesOf("deaf")).isEmpty();
    assertThat(manager.status(ResourceKey.local("node", "deaf")).state()).isEqualTo(ProcessState.FAILED);
  }

  @Test
  void aNodeIsStoppedWithSigterm() {
    ProcessStatus running = manager.start(spec("polite", "sleep 600"));

    ProcessStatus stopped = manager.stop(running.key(), Duration.ofSeconds(30));

    assertThat(stopped.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(stopped.attributes()).containsEntry("exit_code", "143");
    assertThat(processesOf("polite")).isEmpty();
  }

  @Test
  void aNodeThatIgnoresSigtermIsKilledAfterTheGrace() throws IOException {
    ProcessStatus running = manager.start(spec("stubborn", "sh -c 'trap \"\" TERM; echo ready; exec sleep 600'"));
    Path log = Path.of(running.attributes().get("log"));
    await(() -> read(log), text -> text.contains("ready"), "the node to ignore SIGTERM");

    ProcessStatus stopped = manager.stop(running.key(), Duration.ofMillis(500));

    assertThat(stopped.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(stopped.attributes()).as("killed by SIGKILL, not SIGTERM").containsEntry("exit_code", "137");
    assertThat(processesOf("stubborn")).isEmpty();
  }

  @Test
  void stopEndsTheWholeProcessGroup() {
    ProcessStatus running = manager.start(spec("family", "sh -c 'sleep 600 & sleep 600 & echo started; wait'"));
    long pid = running.pid().orElseThrow();
    List<ProcessStat> family = await(() -> processesOf("family"), f -> f.size() == 3, "the shell and its two children");
    assertThat(family).allSatisfy(p -> assertThat(p.pgrp()).isEqualTo(pid));

    manager.stop(running.key(), Duration.ofSeconds(30));

    assertThat(processesOf("family")).isEmpty();
  }

  @Test
  void aNodeThatRenamesItselfToBytesThatAreNotUtf8IsStillSeenRunningAndIsStopped() throws IOException {
    ProcessStatus running = manager.start(spec("renamed",
        "sh -c 'printf \"n\\377de\" > /proc/$$/comm; echo renamed; sleep 600 & wait'"));
    long pid = running.pid().orElseThrow();
    Path log = Path.of(running.attributes().get("log"));
    await(() -> read(log), text -> text.contains("renamed"), "the node to rename itself");
    assertThat(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "comm")))
        .as("the name the kernel keeps").containsExactly('n', 0xff, 'd', 'e', '\n');

    ProcessStatus seen = manager.status(running.key());

    assertThat(seen.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(seen.pid()).hasValue(pid);
    assertThat(PROC.stat(pid).orElseThrow().comm()).isEqualTo("n\ufffdde");
    assertThat(manager.stop(running.key(), Duration.ofSeconds(30)).state()).isEqualTo(ProcessState.STOPPED);
    assertThat(processesOf("renamed")).isEmpty();
  }

  @Test
  void aReusedPidIsNeverTakenForTheNodeNorSignalled() throws IOException {
    ProcessStatus node = manager.start(spec("reused", "sleep 600"));
    manager.stop(node.key(), Duration.ofSeconds(30));
    // Another process, not a node, now holds a pid the record names, with another start time.
    ProcessBuilder builder = new ProcessBuilder("sleep", "600");
    builder.environment().keySet().removeIf(name -> name.startsWith("STEWARD_"));
    Process stranger = builder.start();
    outsiders.add(stranger);
    long ticks = PROC.stat(stranger.pid()).orElseThrow().startTicks();
    Path recordFile = dir.resolve("node.reused.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode record = (ObjectNode) json.readTree(recordFile.toFile());
    record.put(NodeRecords.PID_FIELD, stranger.pid());
    record.put(NodeRecords.START_TICKS_FIELD, ticks + 1);
    record.remove("stopped_at");
    record.remove("exit_code");
    Files.write(recordFile, json.writeValueAsBytes(record));

    ProcessStatus status = manager.status(node.key());
    ProcessStatus afterStop = manager.stop(node.key(), Duration.ZERO);

    assertThat(status.state()).isEqualTo(ProcessState.FAILED);
    assertThat(status.pid()).isEmpty();
    assertThat(status.identity()).isEmpty();
    assertThat(afterStop.state()).isEqualTo(ProcessState.FAILED);
    assertThat(stranger.isAlive()).as("the stranger was not signalled").isTrue();
    assertThat(manager.list()).filteredOn(s -> s.key().equals(node.key())).extracting(ProcessStatus::state)
        .containsExactly(ProcessState.FAILED);
    ProcessStatus again = manager.start(spec("reused", "sleep 600"));
    assertThat(again.pid()).isNotEqualTo(status.pid()).isNotEqualTo(java.util.OptionalLong.of(stranger.pid()));
    assertThat(stranger.isAlive()).isTrue();
  }

  @Test
  void adoptsANodeWhoseRecordWasNeverWritten() throws IOException {
    // As if a manager had launched it and crashed before writing its record.
    ProcessBuilder builder = new ProcessBuilder("setsid", "--", "sleep", "600");
    builder.environment().put(ProcessSpec.ENV_INSTANCE, instance);
    builder.environment().put(ProcessSpec.ENV_RESOURCE, "node/orphan");
    Process orphan = builder.start();
    outsiders.add(orphan);
    ResourceKey key = ResourceKey.local("node", "orphan");
    await(() -> PROC.stat(orphan.pid()).map(s -> (long) s.session()).orElse(0L), s -> s == orphan.pid(),
        "setsid to make its session");
    // setsid makes the session before it execs sleep: an orphan is found long after its exec.
    await(() -> PROC.cmdline(orphan.pid()), c -> c.equals(Optional.of(List.of("sleep", "600"))),
        "setsid to exec sleep");

    ProcessStatus seen = manager.status(key);

    assertThat(seen.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(seen.pid()).hasValue(orphan.pid());
    assertThat(seen.attributes()).containsEntry("adopted", "true").containsEntry("command", "sleep 600");
    assertThat(dir.resolve("node.orphan.json")).exists();
    assertThat(manager.start(spec("orphan", "sleep 600")).pid()).hasValue(orphan.pid());
    assertThat(processesOf("orphan")).hasSize(1);
    assertThat(manager.stop(key, Duration.ofSeconds(30)).state()).isEqualTo(ProcessState.STOPPED);
    assertThat(processesOf("orphan")).isEmpty();
  }

  @Test
  void aManagerInANewJvmAdoptsNodesStartedByAnEarlierOne() throws Exception {
    Process other = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"),
        StartNodeInAnotherJvm.class.getName(), dir.toString(), instance, "elder", "sleep 600")
        .redirectErrorStream(true).start();
    String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(other.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(other.exitValue()).as(output).isZero();
    long pid = Long.parseLong(output.lines().filter(l -> l.startsWith("pid=")).findFirst().orElseThrow().substring(4));

    ProcessStatus seen = manager.status(ResourceKey.local("node", "elder"));

    assertThat(seen.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(seen.pid()).hasValue(pid);
    assertThat(seen.attributes()).doesNotContainKey("adopted");
    assertThat(PROC.stat(pid).orElseThrow().ppid()).as("the node outlived the JVM that started it")
        .isNotEqualTo(other.pid());
    assertThat(manager.list()).extracting(ProcessStatus::key).contains(seen.key());
    assertThat(manager.stop(seen.key(), Duration.ofSeconds(30)).state()).isEqualTo(ProcessState.STOPPED);
    assertThat(processesOf("elder")).isEmpty();
  }

  @Test
  void concurrentStartsOfManyNodesStartEachExactlyOnce() throws Exception {
    int nodes = 6;
    int callersPerNode = 3;
    // Two managers on one directory, as an executor and a second caller would be.
    ProcessManager second = manager(Duration.ofMillis(300));
    ExecutorService pool = Executors.newFixedThreadPool(nodes * callersPerNode);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ProcessStatus>> results = new ArrayList<>();
      for (int n = 0; n < nodes; n++) {
        String name = "crowd-" + n;
        for (int c = 0; c < callersPerNode; c++) {
          ProcessManager caller = c % 2 == 0 ? manager : second;
          results.add(pool.submit(() -> {
            go.await();
            return caller.start(spec(name, "sleep 600"));
          }));
        }
      }
      go.countDown();
      for (Future<ProcessStatus> result : results) {
        assertThat(result.get(2, TimeUnit.MINUTES).state()).isEqualTo(ProcessState.RUNNING);
      }
    } finally {
      pool.shutdownNow();
    }

    for (int n = 0; n < nodes; n++) {
      List<ProcessStat> real = processesOf("crowd-" + n);
      assertThat(real).as("processes of crowd-%s", n).hasSize(1);
      assertThat(manager.status(ResourceKey.local("node", "crowd-" + n)).pid()).hasValue(real.get(0).pid());
    }
    assertThat(manager.list()).hasSize(nodes);
  }

  @Test
  void aNodeThatExitsCleanlyOnItsOwnIsStoppedNotFailed() {
    ProcessStatus running = manager.start(spec("brief", "sleep 1"));

    ProcessStatus after = await(() -> manager.status(running.key()), s -> s.state() != ProcessState.RUNNING, "sleep 1 to end");

    assertThat(after.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(after.attributes()).containsEntry("exit_code", "0");
  }

  @Test
  void refusesWhatItCannotDoWithClearMessages() {
    assertThatThrownBy(() -> manager.start(Spec.of(ResourceKey.of("node", "far", "web1.example.com"))
        .with(ProcessSpec.COMMAND, "sleep 600")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runs processes on this machine only, and node/far@web1.example.com is on host 'web1.example.com'");
    assertThatThrownBy(() -> manager.start(spec("marked", "sleep 600").with("env." + ProcessSpec.ENV_INSTANCE, "other")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The spec of node/marked@local sets env.STEWARD_INSTANCE: the process manager sets that marker "
            + "itself; remove the property");
    assertThatThrownBy(() -> manager.start(spec("quoted", "sleep '600")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The command of node/quoted@local cannot be read");
    assertThatThrownBy(() -> manager.stop(ResourceKey.local("node", "x"), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
    assertThat(NodeProcesses.of(instance)).isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(ProcessStartException.class);
    return thrown;
  }
}
