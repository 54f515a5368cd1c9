package dev.steward.examples.scenario;

import dev.steward.CoreSettings;
import dev.steward.StewardException;

import dev.steward.examples.forward.StatusTable;
import dev.steward.status.StatusClient;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusLocation;
import dev.steward.status.StatusReport;
import dev.steward.status.StatusSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code forward-status}: a separate process asks a running tool what it is doing. A small port
 * forwarder ({@link dev.steward.examples.forward.ForwardDaemon}) runs as a daemon process with three real local TCP forwards:
 * one that works, one whose port another program already holds, one whose target does not
 * answer. This process reads its status over the unix socket and prints the table, pauses and
 * resumes it, kills it with SIGKILL and reads the stale status file it left, starts it again
 * (the stale socket is replaced) and stops it cleanly (nothing is left). Every promise is checked.
 * Stateless and thread-safe.
 */
public final class ForwardStatusScenario implements Scenario {
  static final String NAME = "forwarder";
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Override
  public String name() {
    return "forward-status";
  }

  @Override
  public String description() {
    return "live status of a running port forwarder, read by another process over a unix socket, "
        + "and its stale status file after a kill -9";
  }

  @Override
  public void run(ScenarioContext context) {
    PrintWriter out = context.out();
    boolean keep = context.directory().isPresent();
    Path dir;
    try {
      dir = keep ? Files.createDirectories(context.directory().get())
          : Files.createTempDirectory("steward-fs-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the scenario's folder", e);
    }
    StatusLocation location = StatusLocation.of(dir.resolve("run"), NAME);
    location.socketPathProblem().ifPresent(problem -> {
      throw new StewardException(problem);
    });
    Clock clock = context.settings().get(CoreSettings.CLOCK);
    List<Process> daemons = new ArrayList<>();
    try (EchoServer echo = new EchoServer(); ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
      int webPort = freePort();
      int apiPort = freePort();
      int deadPort = freePort();
      List<String> forwards = List.of(
          "web=" + webPort + ":127.0.0.1:" + echo.port(),
          "db=" + taken.getLocalPort() + ":127.0.0.1:" + echo.port(),
          "api=" + apiPort + ":127.0.0.1:" + deadPort);
      out.println("A tool that embeds Steward publishes what it is doing with a StatusPublisher: a status file");
      out.println("(" + location.file().getFileName() + ", 0600, replaced atomically, rewritten every 2 s) and a unix socket");
      out.println("(" + location.socket().getFileName() + ", 0600, only its own user may connect) answering JSON-RPC: status, health,");
      out.println("pause, resume, reload. Here the tool is a small port forwarder, started as a daemon process with three");
      out.println("forwards: web works; db wants port " + taken.getLocalPort() + ", which another program holds; api's target, port "
          + deadPort + ", does not answer.");
      out.println();
      out.println("Status directory: " + location.directory() + (keep ? " (kept afterwards)." : " (a temporary folder, removed at the end)."));

      heading(out, "1. The daemon starts; this process (another one) asks it on its socket");
      Process daemon = startDaemon(location, forwards, daemons);
      StatusClient client = StatusClient.of(location).withClock(clock);
      StatusReport report = awaitReport(client, "db in conflict, web active, api pending", r -> r.running()
          && state(r, "db").equals("conflict") && state(r, "web").equals("active") && state(r, "api").equals("pending"));
      show(out, report, clock);
      check(echo(webPort, "hello through web").equals("hello through web"), "the web forward relays to its target");
      out.println("A line sent to 127.0.0.1:" + webPort + " came back through the forward.");
      check(report.snapshot().get().pid() == daemon.pid(), "the status names the daemon's pid");

      heading(out, "2. 'pause' over the socket: the forwarder closes its ports; 'resume' opens them again");
      client.call("pause");
      report = client.report();
      show(out, report, clock);
      check(report.snapshot().get().paused() && state(report, "web").equals("paused"), "paused shows in the status");
      check(!answers(webPort), "a paused forward does not accept connections");
      out.println("Port " + webPort + " refuses connections while paused.");
      client.call("resume");
      awaitReport(client, "web active and db in conflict again", r -> r.running() && state(r, "web").equals("active")
          && state(r, "db").equals("conflict"));
      check(echo(webPort, "hello again").equals("hello again"), "the web forward relays again after resume");
      out.println("Resumed: port " + webPort + " relays again.");

      heading(out, "3. kill -9 the daemon: nothing answers on the socket, the last status file is shown as stale");
      daemon.destroyForcibly();
      await(daemon);
      report = client.report();
      show(out, report, clock);
      check(report.source() == StatusReport.Source.FILE && report.problems().contains(StatusReport.Problem.PROCESS_GONE),
          "after SIGKILL the client falls back to the file and says its process is gone");

      heading(out, "4. Started again, the daemon replaces the stale socket; a clean stop (SIGTERM) leaves nothing");
      Process second = startDaemon(location, forwards, daemons);
      report = awaitReport(client, "the new daemon answers", r -> r.running() && r.snapshot().get().pid() == second.pid());
      out.println("The new daemon (pid " + second.pid() + ") answers on the same socket.");
      second.destroy();
      await(second);
      report = client.report();
      show(out, report, clock);
      check(report.source() == StatusReport.Source.NONE, "after a clean stop no running instance is found");
      check(!Files.exists(location.file()) && !Files.exists(location.socket(), LinkOption.NOFOLLOW_LINKS),
          "a clean stop removes the status file and the socket");
      out.println();
      out.println("From a shell, while a daemon runs: steward status --dir " + location.directory() + " --name " + NAME);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (Process p : daemons) {
        p.destroyForcibly();
        await(p);
      }
      if (!keep) {
        deleteRecursively(dir);
      }
    }
  }

  private static Process startDaemon(StatusLocation location, List<String> forwards, List<Process> started) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), "dev.steward.examples.Main", "forward-daemon",
        "--dir", location.directory().toString(), "--name", location.name()));
    forwards.forEach(f -> command.addAll(List.of("--forward", f)));
    Files.createDirectories(location.directory().getParent());
    Path log = location.directory().getParent().resolve("daemon-" + started.size() + ".log");
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    started.add(process);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> readLines(process.getInputStream(), lines), "forward-daemon-output");
    reader.setDaemon(true);
    reader.start();
    try {
      String line = lines.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      if (line == null || !line.startsWith("READY")) {
        throw new StewardException("The forward daemon did not start: " + (line == null ? "no word within " + DEADLINE.toSeconds() + " s"
            : "it said '" + line + "'") + "; its log:\n" + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StewardException("Interrupted while the forward daemon started", e);
    }
    return process;
  }

  private static void readLines(InputStream in, BlockingQueue<String> lines) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the daemon is gone
    }
    lines.add("EOF");
  }

  private static StatusReport awaitReport(StatusClient client, String what, Predicate<StatusReport> done) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    StatusReport report = client.report();
    while (!done.test(report)) {
      if (System.nanoTime() > deadline) {
        throw new StewardException("Gave up after " + DEADLINE.toSeconds() + " s waiting for " + what + "; last status: "
            + report.snapshot().map(StatusSnapshot::items).orElse(List.of()) + " " + report.warnings());
      }
      LockSupport.parkNanos(20_000_000L);
      report = client.report();
    }
    return report;
  }

  private static String state(StatusReport report, String id) {
    return report.snapshot().flatMap(s -> s.item(id)).map(StatusItem::state).orElse("(none)");
  }

  private static void show(PrintWriter out, StatusReport report, Clock clock) {
    out.println("$ steward status --dir " + report.location().directory() + " --name " + report.location().name());
    report.warnings().forEach(w -> out.println("steward: warning: " + w));
    report.snapshot().ifPresent(s -> {
      StatusTable.lines(s, clock.instant()).forEach(line -> out.println("  " + line));
      out.println("  " + StatusTable.summary(s) + (s.paused() ? " Paused." : ""));
    });
    out.flush();
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
      return probe.getLocalPort();
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

  private static String echo(int port, String text) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 5000);
      socket.setSoTimeout((int) DEADLINE.toMillis());
      socket.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
  }

  private static void await(Process process) {
    try {
      if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        throw new StewardException("Process " + process.pid() + " did not end within " + DEADLINE.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void check(boolean promise, String what) {
    if (!promise) {
      throw new StewardException("The forward-status scenario failed: expected that " + what);
    }
  }

  private static void heading(PrintWriter out, String title) {
    out.println();
    out.println(title);
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not remove " + root, e);
    }
  }

  /** A TCP echo service on a free loopback port: the target of the working forwards. */
  private static final class EchoServer implements AutoCloseable {
    private final ServerSocket server;

    EchoServer() throws IOException {
      server = new ServerSocket(0, 50, LOOPBACK);
      Thread acceptor = new Thread(this::acceptLoop, "echo");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void acceptLoop() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Thread t = new Thread(() -> {
            try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException e) {
              // the client went away
            }
          }, "echo-client");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

}
