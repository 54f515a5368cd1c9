package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.status.StatusClient;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusLocation;
import dev.steward.status.StatusReport;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.Root;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Status across real processes: a daemon JVM ({@code steward forward-daemon}, a small port
 * forwarder publishing its status) and client JVMs ({@code steward status}, {@code pause}, ...),
 * both from the built jar. This JVM only holds the ports the forwards use and waits for states.
 */
@DisplayName("steward status, pause, resume against a daemon in another process")
class StatusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir
  Path temp;

  private StewardJar steward;
  private Path dir;
  private final List<Process> daemons = new ArrayList<>();
  private ServerSocket echo;
  private ServerSocket taken;
  private int webPort;
  private List<String> forwards;

  @BeforeEach
  void setUp() throws IOException {
    steward = new StewardJar(temp);
    dir = temp.resolve("run");
    echo = new ServerSocket(0, 50, LOOPBACK);
    Thread echoing = new Thread(this::echoLoop, "echo");
    echoing.setDaemon(true);
    echoing.start();
    taken = new ServerSocket(0, 50, LOOPBACK);
    webPort = freePort();
    forwards = List.of("web=" + webPort + ":127.0.0.1:" + echo.getLocalPort(),
        "db=" + taken.getLocalPort() + ":127.0.0.1:" + echo.getLocalPort(),
        "api=" + freePort() + ":127.0.0.1:" + freePort());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process daemon : daemons) {
      daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    echo.close();
    taken.close();
  }

  private StatusLocation location() {
    return StatusLocation.of(dir, "fwd");
  }

  @Test
  @DisplayName("status asks the daemon on its socket and prints the table; socket and file are 0600 in a 0700 directory")
  void statusFromTheSocket() throws Exception {
    Process daemon = startDaemon();
    awaitStates(r -> state(r, "db").equals("conflict") && state(r, "web").equals("active") && state(r, "api").equals("pending"));

    StewardJar.Result text = steward.run("status", "--dir", dir.toString(), "--name", "fwd");
    StewardJar.Result json = steward.run("status", "--dir", dir.toString(), "--name", "fwd", "--json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.err()).isEmpty();
    assertThat(text.out()).contains("Instance 'fwd' (pid " + daemon.pid() + ", up ");
    assertThat(text.out().lines())
        .anySatisfy(l -> assertThat(l).matches("ID\\s+LOCAL\\s+REMOTE\\s+STATE\\s+DURATION\\s+REASON"))
        .anySatisfy(l -> assertThat(l).matches("web\\s+127\\.0\\.0\\.1:" + webPort + "\\s+127\\.0\\.0\\.1:\\d+\\s+active\\s+[0-9.]+[smhd]\\S*"))
        .anySatisfy(l -> assertThat(l).matches("db\\s+127\\.0\\.0\\.1:" + taken.getLocalPort()
            + "\\s+\\S+\\s+conflict\\s+\\S+\\s+port already in use after \\d+ retry attempts"))
        .anySatisfy(l -> assertThat(l).matches("api\\s+.*pending\\s+\\S+\\s+target 127\\.0\\.0\\.1:\\d+ does not answer.*"));
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode document = JSON.readTree(json.out());
    assertThat(document.get("source").asText()).isEqualTo("socket");
    assertThat(document.at("/status/pid").asLong()).isEqualTo(daemon.pid());
    assertThat(document.at("/status/items")).extracting(i -> i.get("id").asText()).containsExactly("web", "db", "api");
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(location().socket())).isEqualTo("rw-------");
    assertThat(mode(location().file())).isEqualTo("rw-------");
  }

  @Test
  @DisplayName("--host finds the instance serving a host however the host is written, and through an ssh config alias")
  void findsTheInstanceOfAHost() throws Exception {
    Process daemon = startDaemon("--host", "ssh://deploy@web-7.example:22");
    StatusLocation served = StatusLocation.of(dir, "fwd", "web-7.example");
    Poll.within(DEADLINE).await("the status of web-7.example", () -> StatusClient.of(served).report(), StatusReport::running);
    Path config = temp.resolve("ssh_config");
    Files.writeString(config, "Host web7 seven\n  HostName web-7.example\n  User deploy\nHost *\n  ServerAliveInterval 10\n");

    for (String written : List.of("deploy@WEB-7.example", "ssh://web-7.example", "web-7.example:22", "web7", "seven")) {
      StewardJar.Result found = steward.run("--set", "steward.ssh.config=" + config, "status", "--dir", dir.toString(), "--name", "fwd",
          "--host", written);
      assertThat(found.exitCode()).as(written + ": " + found).isZero();
      assertThat(found.out()).as(written).contains("Instance 'fwd' (pid " + daemon.pid() + ", up ")
          .contains("answered on " + served.socket());
    }
    StewardJar.Result other = steward.run("status", "--dir", dir.toString(), "--name", "fwd", "--host", "web-7.example:2222");
    assertThat(other.exitCode()).as(other.toString()).isEqualTo(3);
    StewardJar.Result json = steward.run("status", "--dir", dir.toString(), "--name", "fwd", "--host", "web-7.example", "--json");
    assertThat(JSON.readTree(json.out()).at("/status/host").asText()).isEqualTo("ssh://deploy@web-7.example:22");
  }

  @Test
  @DisplayName("pause closes the forwarder's ports and resume opens them again, from another process")
  void pauseAndResumeTakeEffect() throws Exception {
    startDaemon();
    awaitStates(r -> state(r, "web").equals("active"));
    assertThat(echoThrough(webPort, "before")).isEqualTo("before");

    StewardJar.Result pause = steward.run("pause", "--dir", dir.toString(), "--name", "fwd");

    assertThat(pause.exitCode()).as(pause.toString()).isZero();
    assertThat(pause.out()).isEqualTo("Paused instance 'fwd'.\n");
    assertThat(answers(webPort)).as("a paused forward refuses connections").isFalse();
    JsonNode paused = JSON.readTree(steward.run("status", "--dir", dir.toString(), "--name", "fwd", "--json").out());
    assertThat(paused.at("/status/paused").asBoolean()).isTrue();
    assertThat(paused.at("/status/items")).allSatisfy(i -> assertThat(i.get("state").asText()).isEqualTo("paused"));

    StewardJar.Result resume = steward.run("resume", "--dir", dir.toString(), "--name", "fwd");

    assertThat(resume.exitCode()).as(resume.toString()).isZero();
    assertThat(resume.out()).isEqualTo("Resumed instance 'fwd'.\n");
    assertThat(echoThrough(webPort, "after")).as("resume binds the port again before it answers").isEqualTo("after");
    assertThat(steward.run("reload", "--dir", dir.toString(), "--name", "fwd").out()).isEqualTo("Instance 'fwd' reloaded.\n");
  }

  @Test
  @DisplayName("after kill -9 status shows the last file with a stale warning; a new daemon replaces the stale socket")
  void killNineLeavesAStaleStatusAndARestartReplacesTheSocket() throws Exception {
    Process daemon = startDaemon();
    awaitStates(r -> state(r, "db").equals("conflict"));
    daemon.destroyForcibly();
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(location().socket(), LinkOption.NOFOLLOW_LINKS)).as("a killed daemon leaves its socket file").isTrue();

    StewardJar.Result stale = steward.run("status", "--dir", dir.toString(), "--name", "fwd");

    assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(3);
    assertThat(stale.err()).contains("Stale status: process " + daemon.pid() + " that wrote " + location().file()
        + " is not running any more").contains("connection refused");
    assertThat(stale.out()).contains("Last status of instance 'fwd' (pid " + daemon.pid() + ")")
        .contains("port already in use after");

    Process second = startDaemon();
    awaitStates(r -> r.snapshot().get().pid() == second.pid());
    StewardJar.Result fresh = steward.run("status", "--dir", dir.toString(), "--name", "fwd");
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    assertThat(fresh.err()).isEmpty();
  }

  @Test
  @DisplayName("a second daemon on the same name is refused with the first one's pid")
  void secondInstanceIsRefusedWithThePid() throws Exception {
    Process first = startDaemon();

    StewardJar.Result second = steward.run("forward-daemon", "--dir", dir.toString(), "--name", "fwd",
        "--forward", "x=" + freePort() + ":127.0.0.1:" + echo.getLocalPort());

    assertThat(second.exitCode()).as(second.toString()).isEqualTo(1);
    assertThat(second.err()).contains("Another instance named 'fwd' is already running (pid " + first.pid() + ")");
    assertThat(StatusClient.of(location()).report().snapshot().get().pid()).as("the first still serves").isEqualTo(first.pid());
  }

  @Test
  @DisplayName("a clean stop (SIGTERM) removes file and socket: no running instance found")
  void cleanStopLeavesNothing() throws Exception {
    Process daemon = startDaemon();
    daemon.destroy();
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();

    StewardJar.Result status = steward.run("status", "--dir", dir.toString(), "--name", "fwd");
    StewardJar.Result pause = steward.run("pause", "--dir", dir.toString(), "--name", "fwd");

    assertThat(status.exitCode()).as(status.toString()).isEqualTo(3);
    assertThat(status.err()).contains("No running instance found");
    assertThat(status.out()).isEmpty();
    assertThat(pause.exitCode()).as(pause.toString()).isEqualTo(3);
    assertThat(pause.err()).contains("No running instance found");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("fwd.lock");
    }
  }

  @Test
  @DisplayName("a status file whose pid now belongs to another process is reported as stale, not as running")
  void reusedPidIsNotTakenForTheInstance() throws Exception {
    Process daemon = startDaemon();
    awaitStates(r -> state(r, "web").equals("active"));
    daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Process other = new ProcessBuilder("sleep", "120").start();
    daemons.add(other);
    // What the file would say had the kernel given the dead daemon's pid to 'sleep': same pid, other start time.
    ObjectNode file = (ObjectNode) JSON.readTree(location().file().toFile());
    file.put("pid", other.pid());
    Files.write(location().file(), JSON.writeValueAsBytes(file));

    StewardJar.Result status = steward.run("status", "--dir", dir.toString(), "--name", "fwd", "--json");

    assertThat(status.exitCode()).as(status.toString()).isEqualTo(3);
    JsonNode document = JSON.readTree(status.out());
    assertThat(document.get("source").asText()).isEqualTo("file");
    assertThat(document.get("problems")).extracting(JsonNode::asText).contains("pid_reused").doesNotContain("process_gone");
    assertThat(document.get("warnings").toString()).contains("pid " + other.pid() + " now belongs to another process");
  }

  @Test
  @DisplayName("a client of another user reaches the socket but is refused by the server's SO_PEERCRED check")
  void anotherUserIsRefusedByThePeerCheck() throws Exception {
    Root.require("the test runs a client as user 'nobody' (setpriv)");
    // 'nobody' must be able to read the jar and reach the socket: a world-readable copy, traversable folders.
    Path jarDir = Files.createTempDirectory("steward-jar-");
    Path jar = jarDir.resolve("steward.jar");
    try {
      Files.setPosixFilePermissions(jarDir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.copy(StewardJar.jar(), jar, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
      startDaemon();
      awaitStates(r -> r.running());
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
      refusedAsNobody(jar);
    } finally {
      Files.deleteIfExists(jar);
      Files.deleteIfExists(jarDir);
    }
  }

  private void refusedAsNobody(Path jar) throws Exception {
    // With the socket at its 0600 the kernel stops 'nobody' at connect, before the server sees it.
    StewardJar.Result blocked = runAsNobody(jar, "status", "--dir", dir.toString(), "--name", "fwd", "--json");
    assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(1);
    assertThat(JSON.readTree(blocked.out()).get("warnings").toString()).contains("permission denied");

    // Open the socket to everyone, so that only the server's own check is left to refuse.
    Files.setPosixFilePermissions(location().socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
    StewardJar.Result refused = runAsNobody(jar, "status", "--dir", dir.toString(), "--name", "fwd", "--json");
    StewardJar.Result pause = runAsNobody(jar, "pause", "--dir", dir.toString(), "--name", "fwd");

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    JsonNode document = JSON.readTree(refused.out());
    assertThat(document.get("problems")).extracting(JsonNode::asText).contains("refused");
    // This sentence is sent by the server over an established connection: the kernel let 'nobody' in.
    assertThat(document.get("warnings").toString()).contains("Refused: this status socket serves only user 'root'")
        .contains("the client runs as user 'nobody'");
    assertThat(pause.exitCode()).as(pause.toString()).isEqualTo(1);
    assertThat(pause.err()).contains("Refused: this status socket serves only user 'root'");
    assertThat(StatusClient.of(location()).report().snapshot().get().paused()).as("nobody's pause had no effect").isFalse();
  }

  @Test
  @DisplayName("run forward-status tells the whole story, from another process, and cleans up")
  void forwardStatusScenario() {
    StewardJar.Result result = steward.run("run", "forward-status");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("conflict", "port already in use after", "does not answer", "Paused.",
        "Stale status: process", "No running instance found").endsWith("Scenario 'forward-status' finished.\n");
    assertThat(result.err()).isEmpty();
    String folder = result.out().lines().filter(l -> l.startsWith("Status directory: ")).findFirst().orElseThrow()
        .replaceAll("^Status directory: (\\S+) .*$", "$1");
    assertThat(Path.of(folder).getParent()).as("the temporary folder is removed").doesNotExist();
  }

  private StewardJar.Result runAsNobody(Path jar, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
        java, "-jar", jar.toString()));
    command.addAll(List.of(args));
    Path out = temp.resolve("nobody-out.txt");
    Path err = temp.resolve("nobody-err.txt");
    Process process = new ProcessBuilder(command).directory(Path.of("/").toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new StewardJar.Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Process startDaemon(String... more) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new ArrayList<>(List.of(java, "-jar", StewardJar.jar().toString(), "forward-daemon",
        "--dir", dir.toString(), "--name", "fwd", "--check-every", "100ms"));
    command.addAll(List.of(more));
    forwards.forEach(f -> command.addAll(List.of("--forward", f)));
    Path log = Files.createTempFile(temp, "daemon", ".log");
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    daemons.add(process);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the daemon is gone
      }
      lines.add("EOF");
    }, "daemon-output");
    reader.setDaemon(true);
    reader.start();
    String first = lines.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(first).as("the daemon's first line; its log:\n%s", Files.readString(log)).startsWith("READY pid=" + process.pid());
    return process;
  }

  private void awaitStates(Predicate<StatusReport> done) {
    StatusClient client = StatusClient.of(location());
    Poll.within(DEADLINE).await("the states", client::report, report -> report.running() && done.test(report));
  }

  private static String state(StatusReport report, String id) {
    return report.snapshot().flatMap(s -> s.item(id)).map(StatusItem::state).orElse("(none)");
  }

  private void echoLoop() {
    while (!echo.isClosed()) {
      try {
        Socket client = echo.accept();
        Thread t = new Thread(() -> {
          try (client) {
            client.getInputStream().transferTo(client.getOutputStream());
          } catch (IOException e) {
            // gone
          }
        });
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static String echoThrough(int port, String text) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 5000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      return probe.getLocalPort();
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
