package dev.steward.examples.scenario;

import dev.steward.CoreSettings;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ProcessManager;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.StewardException;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.examples.fleet.DemoNode;
import dev.steward.examples.fleet.LoopbackPorts;
import dev.steward.leader.Fence;
import dev.steward.leader.Fencing;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderView;
import dev.steward.leader.Lease;
import dev.steward.leader.NotLeaderException;
import dev.steward.status.StatusClient;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code steward run two-managers}: two reconcile daemons keep one fleet of real local processes
 * through one PostgreSQL store. One leads and acts, the other observes; SIGKILL of the leader hands
 * over within a lease; a leader paused with SIGSTOP past its lease finds, when it wakes, that it
 * leads no more, and a write carrying its old term is refused by the database; a restart of
 * PostgreSQL in the middle of a pass is survived by both. Needs Debian's postgresql package (and
 * root, to run the server as its own user).
 */
public final class TwoManagersScenario implements Scenario {
  static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Override
  public String name() {
    return "two-managers";
  }

  @Override
  public String description() {
    return "two reconcile daemons share one fleet through PostgreSQL: one leads; SIGKILL, SIGSTOP and a database restart";
  }

  @Override
  public void run(ScenarioContext context) {
    PrintWriter out = context.out();
    try (ScenarioFolder folder = ScenarioFolder.of(context, name());
        ThrowawayPostgres postgres = ThrowawayPostgres.start(folder.root().resolve("postgres-password"))) {
      out.println("A throwaway PostgreSQL runs at " + postgres.url() + " (its own cluster, a generated password, loopback only).");
      Story story = new Story(context, folder.root(), postgres);
      try {
        story.play();
      } finally {
        story.stopEverything();
      }
    }
  }

  private static final class Story {
    private final ScenarioContext context;
    private final PrintWriter out;
    private final Path root;
    private final ThrowawayPostgres postgres;
    private final String instance = "two-managers-" + ProcessHandle.current().pid();
    private final Path fleetFile;
    private final Map<String, Process> managers = new LinkedHashMap<>();
    private final Settings settings;

    Story(ScenarioContext context, Path root, ThrowawayPostgres postgres) {
      this.context = context;
      this.out = context.out();
      this.root = root;
      this.postgres = postgres;
      this.fleetFile = root.resolve("fleet.yaml");
      this.settings = context.settings().toBuilder()
          .set(CoreSettings.STATE_STORE, "postgres")
          .set("steward.postgres.url", postgres.url())
          .set("steward.postgres.user", ThrowawayPostgres.USER)
          .set("steward.postgres.password-file", postgres.passwordFile().toString())
          .set(CoreSettings.INSTANCE, instance)
          .set(CoreSettings.PROCESS_MANAGER, "process")
          .set("steward.process.dir", root.resolve("processes").toString())
          .build();
    }

    void play() {
      writeFleet();
      heading("1. Two managers, one fleet: 'steward reconcile --store postgres' twice, as manager-a and manager-b");
      start("manager-a");
      start("manager-b");
      String leader = awaitOneLeader();
      String follower = other(leader);
      printLeaders();
      Map<String, Long> nodes = awaitNodes(2);
      check(!log(follower).contains("Leading '"), follower + " never acted");
      out.println("Exactly one acts: 2 nodes, one process each " + nodes + ", all started by " + leader + "; "
          + follower + " observes and serves 'steward status'.");

      heading("2. SIGKILL of the leader (" + leader + ")");
      long killed = System.nanoTime();
      managers.get(leader).destroyForcibly();
      await(() -> managers.get(leader).isAlive() ? Optional.empty() : Optional.of(true), leader + " is gone");
      awaitState(follower, "leading");
      Duration took = Duration.ofNanos(System.nanoTime() - killed);
      out.println(follower + " leads " + millis(took) + " after the kill (lease " + LEASE.toSeconds() + " s: the lease runs out at most "
          + LEASE.toSeconds() + " s after the last renewal, and the follower campaigns every " + millis(LEASE.dividedBy(3)) + ").");
      check(took.compareTo(LEASE.plus(LEASE.dividedBy(3)).plusSeconds(2)) <= 0, "the takeover came within a lease and a campaign");
      printLeaders();
      start(leader);
      awaitState(leader, "following");
      out.println(leader + " is back, as a follower.");
      String paused = follower;
      String waiting = leader;

      heading("3. SIGSTOP of the leader (" + paused + ") past its lease, then SIGCONT");
      Fence stale = fence(paused);
      signal(paused, "STOP");
      long stopped = System.nanoTime();
      awaitState(waiting, "leading");
      out.println(waiting + " leads " + millis(Duration.ofNanos(System.nanoTime() - stopped)) + " after " + paused
          + " stopped answering; " + paused + " still holds term " + stale.term() + " in its memory.");
      Map<String, Long> before = awaitNodes(2);
      signal(paused, "CONT");
      awaitState(paused, "following");
      String woke = lastLine(log(paused), "No longer leading");
      out.println(paused + " woke up and stepped down by its own clock: " + woke);
      lateWrite(stale);
      check(awaitNodes(2).equals(before), "no node was started or stopped twice");

      heading("4. PostgreSQL restarted in the middle of a pass");
      String current = waiting;
      long victimPid = before.get("demo-1");
      ProcessHandle.of(victimPid).ifPresent(ProcessHandle::destroyForcibly);
      postgres.restart();
      out.println("Killed demo-1 (pid " + victimPid + ") and restarted PostgreSQL at once (pg_ctl restart -m fast: every session cut).");
      Map<String, Long> after = await(() -> {
        Map<String, Long> now = nodes();
        return now.size() == 2 && !now.get("demo-1").equals(victimPid) ? Optional.of(now) : Optional.empty();
      }, "demo-1 started again");
      String leaderNow = awaitOneLeader();
      awaitState(other(leaderNow), "following");
      printLeaders();
      out.println("Both recovered: " + leaderNow + " leads" + (leaderNow.equals(current) ? " again" : " now")
          + ", demo-1 runs again (pid " + after.get("demo-1") + "), demo-2 kept its process (pid " + after.get("demo-2") + ").");
      check(after.get("demo-2").equals(before.get("demo-2")), "demo-2 was left alone");
    }

    /** A write that carries the paused leader's old term: the database compares it with the lease's, in the write's own transaction. */
    private void lateWrite(Fence stale) {
      ResourceKey node = ResourceKey.of("node", "demo-2", ResourceKey.LOCAL);
      try (StateStore store = context.registry().create(ExtensionPoint.STATE_STORE, settings)) {
        StateStore asPaused = Fencing.fence(store, new RememberedTerm(stale));
        try {
          asPaused.updateAttributes(node, Map.of("late-write", "from term " + stale.term()));
          throw new StewardException("A write with the old term " + stale.term() + " was accepted: fencing failed");
        } catch (NotLeaderException e) {
          out.println("A write carrying " + stale + " (as a process would that woke up sure it still leads) is refused: "
              + e.getMessage());
        }
        check(store.get(node).attribute("late-write").isEmpty(), "nothing of the late write was stored");
      }
    }

    void stopEverything() {
      for (Process manager : managers.values()) {
        if (manager.isAlive()) {
          signalQuietly(manager, "CONT");
          manager.destroy();
        }
      }
      for (Process manager : managers.values()) {
        try {
          if (!manager.waitFor(30, TimeUnit.SECONDS)) {
            manager.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try (ProcessManager processes = processManager()) {
        for (ProcessStatus status : processes.list()) {
          processes.stop(status.key(), Duration.ofSeconds(2));
        }
        out.println();
        out.println("Stopped both managers and the " + instance + " nodes; the PostgreSQL cluster is deleted.");
      } catch (RuntimeException e) {
        out.println("Could not stop every node: " + e.getMessage());
      }
    }

    private void writeFleet() {
      int base = LoopbackPorts.freeRange(2, 41_000, 10_000);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String command = java + " -Xmx24m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "
          + LocalFleetScenario.classPath() + " " + DemoNode.class.getName() + " --port {port} --version {version}";
      try {
        Files.writeString(fleetFile, """
            fleets:
              - name: demo
                count: 2
                version: "1.0"
                command: %s
                base_port: %d
                cooldown: 0s
            interval: 1s
            policy:
              thresholds: none
            """.formatted(command, base));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void start(String name) {
      String java = ProcessHandle.current().info().command()
          .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
          "-cp", System.getProperty("java.class.path"), "dev.steward.examples.Main"));
      for (Map.Entry<String, String> setting : managerSettings(name).entrySet()) {
        command.addAll(List.of("--set", setting.getKey() + "=" + setting.getValue()));
      }
      command.addAll(List.of("reconcile", "--config", fleetFile.toString(), "--store", "postgres", "--stop-grace", "2s"));
      Path log = root.resolve(name + ".log");
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        managers.put(name, process);
        out.println("started " + name + " (pid " + process.pid() + ", output in " + log.getFileName() + ")");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start " + name, e);
      }
    }

    private Map<String, String> managerSettings(String name) {
      Map<String, String> set = new TreeMap<>();
      set.put("steward.postgres.url", postgres.url());
      set.put("steward.postgres.user", ThrowawayPostgres.USER);
      set.put("steward.postgres.password-file", postgres.passwordFile().toString());
      set.put("steward.instance", instance);
      set.put("steward.process.dir", root.resolve("processes").toString());
      set.put("steward.status.dir", root.resolve("run-" + name).toString());
      set.put("steward.leader.lease", LEASE.toSeconds() + "s");
      set.put("steward.leader.candidate", name);
      return set;
    }

    private Optional<StatusItem> leaderItem(String name) {
      if (!managers.get(name).isAlive()) {
        return Optional.empty();
      }
      StatusClient client = StatusClient.of(StatusLocation.of(root.resolve("run-" + name), instance))
          .withTimeout(Duration.ofSeconds(2));
      return client.report().snapshot().filter(s -> !s.items().isEmpty()).flatMap(s -> s.item("leader"));
    }

    private void awaitState(String name, String state) {
      await(() -> leaderItem(name).filter(i -> i.state().equals(state)), name + " " + state);
    }

    /** The one manager that leads, once exactly one says so and the other follows or is gone. */
    private String awaitOneLeader() {
      return await(() -> {
        List<String> leading = new ArrayList<>();
        for (String name : managers.keySet()) {
          if (leaderItem(name).filter(i -> i.state().equals("leading")).isPresent()) {
            leading.add(name);
          }
        }
        return leading.size() == 1 ? Optional.of(leading.get(0)) : Optional.empty();
      }, "exactly one leader");
    }

    private Fence fence(String name) {
      StatusItem item = leaderItem(name).orElseThrow();
      return new Fence(item.attributes().get("election"), item.attributes().get("holder"),
          Long.parseLong(item.attributes().get("term")));
    }

    private void printLeaders() {
      for (String name : managers.keySet()) {
        Optional<StatusItem> item = leaderItem(name);
        out.printf("  %-10s %-10s %s%n", name, item.map(StatusItem::state).orElse("(gone)"),
            item.map(i -> i.state().equals("leading") ? "term " + i.attributes().get("term") + " since " + i.attributes().get("since")
                : i.reason()).orElse(""));
      }
    }

    private Map<String, Long> awaitNodes(int count) {
      return await(() -> {
        Map<String, Long> now = nodes();
        return now.size() == count ? Optional.of(now) : Optional.empty();
      }, count + " nodes running");
    }

    /** The instance's running nodes by name, as the process manager finds them on this machine. */
    private Map<String, Long> nodes() {
      try (ProcessManager processes = processManager()) {
        Map<String, Long> pids = new TreeMap<>();
        for (ProcessStatus status : processes.list()) {
          if (status.state() == ProcessState.RUNNING && status.pid().isPresent()) {
            pids.put(status.key().name(), status.pid().getAsLong());
          }
        }
        return pids;
      }
    }

    private ProcessManager processManager() {
      return context.registry().create(ExtensionPoint.PROCESS_MANAGER, settings);
    }

    private String other(String name) {
      return managers.keySet().stream().filter(n -> !n.equals(name)).findFirst().orElseThrow();
    }

    private void signal(String name, String signal) {
      signalQuietly(managers.get(name), signal);
      out.println("kill -" + signal + " " + managers.get(name).pid() + " (" + name + ")");
    }

    private static void signalQuietly(Process process, String signal) {
      try {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not send SIG" + signal, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private String log(String name) {
      try {
        return Files.readString(root.resolve(name + ".log"), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }

    private static String lastLine(String text, String containing) {
      String found = "";
      for (String line : text.split("\n")) {
        if (line.contains(containing)) {
          found = line;
        }
      }
      check(!found.isEmpty(), "the log says '" + containing + "'");
      return found.replaceFirst("^\\S+ ", "");
    }

    private <T> T await(Supplier<Optional<T>> probe, String what) {
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (true) {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
        if (System.nanoTime() - deadline > 0) {
          throw new StewardException("Waited " + DEADLINE.toSeconds() + " s for " + what + "; the managers' output is in "
              + root + " (run with --dir to keep it)");
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StewardException("Interrupted while waiting for " + what, e);
        }
      }
    }

    private void heading(String title) {
      out.println();
      out.println(title);
      out.flush();
    }

    private static String millis(Duration duration) {
      return duration.toMillis() + " ms";
    }

    private static void check(boolean promise, String what) {
      if (!promise) {
        throw new StewardException("The two-managers scenario expected that " + what + ", and it did not hold");
      }
    }
  }

  /**
   * The seat of a process that woke up sure it still leads: it answers with the term it remembers
   * and never campaigns. Only the store's own check can stop its writes.
   */
  private record RememberedTerm(Fence remembered) implements LeaderElection {
    @Override
    public String name() {
      return remembered.election();
    }

    @Override
    public String candidate() {
      return remembered.holder();
    }

    @Override
    public Duration leaseTime() {
      return LEASE;
    }

    @Override
    public LeaderView campaign() {
      throw new UnsupportedOperationException("a remembered term does not campaign");
    }

    @Override
    public Optional<Fence> fence() {
      return Optional.of(remembered);
    }

    @Override
    public Optional<Lease> lastSeen() {
      return Optional.empty();
    }

    @Override
    public void resign() {}

    @Override
    public void close() {}
  }
}
