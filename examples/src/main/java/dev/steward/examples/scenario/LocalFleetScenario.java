package dev.steward.examples.scenario;

import dev.steward.ActionType;
import dev.steward.CoreSettings;
import dev.steward.NodeLifecycle;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.examples.fleet.DemoNode;
import dev.steward.examples.fleet.FleetConfig;
import dev.steward.examples.fleet.FleetParts;
import dev.steward.examples.fleet.FleetReport;
import dev.steward.examples.fleet.LoopbackPorts;
import dev.steward.node.DesiredFleet;
import dev.steward.node.NodeAttributes;
import dev.steward.node.PlanPolicy;
import dev.steward.node.Thresholds;
import dev.steward.plan.Budgets;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.ReconcileListener;
import dev.steward.reconcile.Reconciler;
import dev.steward.store.FileStoreSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code local-fleet}: the reconcile loop keeping a fleet of real local processes in shape, within
 * the standard budgets. Three demo nodes start, two in the first pass and the third in the next;
 * one is killed from outside and comes back on the next pass; the fleet shrinks and the node
 * selector picks the victim; an upgrade goes one node at a time within its budget; a fleet whose
 * command does not exist and one whose port is taken fail on their own while the others run on.
 * Every node is stopped at the end, one removal a pass. Stateless and thread-safe.
 */
public final class LocalFleetScenario implements Scenario {
  private static final Duration GRACE = Duration.ofSeconds(5);
  /** Cleaning up removes one node a pass (the standard budget); more nodes than this never run. */
  private static final int MAX_CLEANUP_PASSES = 10;

  @Override
  public String name() {
    return "local-fleet";
  }

  @Override
  public String description() {
    return "the reconcile loop keeping real local processes in shape: a killed node restarted, "
        + "a scale-down by the node selector, an upgrade within its budget, bad nodes kept apart";
  }

  @Override
  public void run(ScenarioContext context) {
    PrintWriter out = context.out();
    try (ScenarioFolder folder = ScenarioFolder.of(context, name())) {
      int base = LoopbackPorts.freeRange(4, 20_000, 20_000);
      Settings settings = context.settings().toBuilder()
          .set(FileStoreSettings.DIRECTORY, folder.root().resolve("state"))
          .set("steward.process.dir", folder.root().resolve("processes").toString())
          .set(CoreSettings.INSTANCE.name(), "local-fleet-" + ProcessHandle.current().pid())
          .build();
      out.println("Working in " + folder.root() + (folder.kept() ? " (kept afterwards)." : " (a temporary folder, removed at the end)."));
      out.println("Each node is a real process: " + DemoNode.class.getSimpleName()
          + ", a tiny TCP server on 127.0.0.1 that answers with its name, version and pid.");
      out.println("Host thresholds are off for this demo (Thresholds.NONE), so a busy machine does not hold additions back;");
      out.println("with the defaults, 'steward reconcile --dry-run' shows such holds with the figure that caused them.");
      out.println("The budgets are the standard ones: at most " + Budgets.STANDARD_ADDS + " additions, " + Budgets.STANDARD_STARTS
          + " starts, " + Budgets.STANDARD_UPGRADES + " upgrade and " + Budgets.STANDARD_REMOVALS + " removal in flight at once.");
      AtomicReference<List<DesiredFleet>> desired = new AtomicReference<>(List.of(demo(3, "1.0", base)));
      FleetConfig config = new FleetConfig(desired.get(),
          new PlanPolicy(Thresholds.NONE, Budgets.standard()), Optional.of("youngest"),
          Duration.ofSeconds(5));
      try (FleetParts parts = FleetParts.open(context.registry(), settings, config);
          Reconciler reconciler = parts.reconciler(config, desired::get, ReconcileListener.none(), GRACE)) {
        try {
          Story story = new Story(out, reconciler, parts, desired);
          story.startFleet(base);
          story.killedNodeComesBack();
          story.scaleDown();
          story.upgradeWithinBudget(base);
          story.badNodesStayApart(base);
        } finally {
          desired.set(List.of(demo(0, "2.0", base)));
          int removed = 0;
          for (int pass = 0; pass < MAX_CLEANUP_PASSES; pass++) {
            long removing = reconciler.reconcileOnce().plan().actions().stream().filter(a -> a.type() == ActionType.REMOVE).count();
            if (removing == 0) {
              break;
            }
            removed += (int) removing;
          }
          out.println();
          out.println("Cleaning up: the fleet wants 0 nodes, so the next passes remove them, one a pass (the removal budget): "
              + removed + " removed.");
        }
      }
    }
  }

  /** The steps, sharing the reconciler; each checks what it shows. */
  private static final class Story {
    private final PrintWriter out;
    private final Reconciler reconciler;
    private final FleetParts parts;
    private final AtomicReference<List<DesiredFleet>> desired;

    Story(PrintWriter out, Reconciler reconciler, FleetParts parts, AtomicReference<List<DesiredFleet>> desired) {
      this.out = out;
      this.reconciler = reconciler;
      this.parts = parts;
      this.desired = desired;
    }

    void startFleet(int base) {
      heading("1. Three nodes are wanted and none runs: the budget adds two in the first pass, the third in the next");
      PassReport first = pass();
      long added = first.plan().actions().stream().filter(a -> a.type() == ActionType.ADD).count();
      expect(added == 2, "the first pass adds 2 nodes, got " + added);
      expect(first.plan().held().stream().anyMatch(h -> h.heldBecause().startsWith("budget: at most 2 ADD")),
          "the third addition is held by the budget");
      PassReport report = pass();
      expect(first.failures().isEmpty() && report.failures().isEmpty(), "every node starts");
      for (int i = 1; i <= 3; i++) {
        String answer = ask(base + i - 1);
        expect(answer.startsWith("node/demo-" + i + " 1.0 "), "demo-" + i + " answers on its port, got '" + answer + "'");
      }
      out.println("   Each node answers on its port, e.g. 127.0.0.1:" + base + " says '" + ask(base) + "'.");
    }

    void killedNodeComesBack() {
      heading("2. demo-2 is killed from outside (SIGKILL); the next pass finds it gone and starts it again");
      ResourceRecord before = node("demo-2");
      long pid = Long.parseLong(before.attribute(NodeAttributes.PID).orElseThrow());
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      waitUntilGone(pid);
      out.println("   killed pid " + pid);
      PassReport report = pass();
      expect(report.plan().actions().stream().anyMatch(a -> a.type() == ActionType.START && a.target().name().equals("demo-2")),
          "the plan restarts demo-2");
      ResourceRecord after = node("demo-2");
      expect(after.state().equals(NodeLifecycle.RUNNING) && !after.attribute(NodeAttributes.PID).orElse("").equals(Long.toString(pid)),
          "demo-2 runs again with a new pid");
    }

    void scaleDown() {
      heading("3. The fleet shrinks to 2: the 'youngest' node selector picks the victim");
      desired.set(List.of(demo(2, "1.0", desired.get().get(0).basePort().getAsInt())));
      PassReport report = pass();
      long removed = report.plan().actions().stream().filter(a -> a.type() == ActionType.REMOVE).count();
      expect(removed == 1, "exactly one node is removed, got " + removed);
      expect(live().size() == 2, "two nodes are left");
    }

    void upgradeWithinBudget(int base) {
      heading("4. Version 2.0 is wanted; the budget allows 1 upgrade at a time");
      desired.set(List.of(demo(2, "2.0", base)));
      PassReport preview = reconciler.planOnce();
      out.println("   Dry run first (nothing is changed):");
      FleetReport.printPlan(out, preview.plan());
      for (int round = 1; round <= 2; round++) {
        PassReport report = pass();
        long upgrades = report.plan().actions().stream().filter(a -> a.type() == ActionType.UPGRADE).count();
        expect(upgrades <= 1, "no more than 1 upgrade per pass, got " + upgrades);
      }
      for (ResourceRecord record : live()) {
        expect(record.spec().flatMap(s -> s.property("version")).orElse("").equals("2.0"), record.key().name() + " runs 2.0");
        int port = Integer.parseInt(record.attribute(NodeAttributes.PORT).orElseThrow());
        expect(ask(port).contains(" 2.0 "), record.key().name() + " answers as 2.0");
      }
    }

    void badNodesStayApart(int base) {
      heading("5. Two broken fleets: a command that does not exist, and a port already taken");
      try (ServerSocket squatter = new ServerSocket()) {
        squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + 3));
        DesiredFleet missing = new DesiredFleet("ghost", dev.steward.ResourceKey.LOCAL, 1, "1.0",
            Map.of("command", "/nonexistent/bin/ghost-node --serve"), OptionalInt.empty());
        DesiredFleet busy = new DesiredFleet("busy", dev.steward.ResourceKey.LOCAL, 1, "1.0",
            desired.get().get(0).template(), OptionalInt.of(base + 3));
        desired.set(List.of(desired.get().get(0), missing, busy));
        PassReport report = pass();
        expect(report.failures().size() == 2, "both broken nodes fail, got " + report.failures().size() + " failures");
        for (var failure : report.failures()) {
          out.println("   " + failure.action().target().name() + ": " + failure.detail());
        }
        expect(live().stream().filter(r -> r.key().name().startsWith("demo-")).allMatch(r -> r.state().equals(NodeLifecycle.RUNNING)),
            "the demo nodes run on");
        PassReport again = reconciler.planOnce();
        out.println("   The next plan waits before trying the broken ones again:");
        FleetReport.printPlan(out, again.plan());
        expect(again.plan().held().stream().anyMatch(h -> h.heldBecause().contains("backing off")), "the failed nodes back off");
      } catch (IOException e) {
        throw new StewardException("Could not hold port " + (base + 3) + " for the scenario: " + e.getMessage(), e);
      }
    }

    private PassReport pass() {
      PassReport report = reconciler.reconcileOnce();
      out.println("   Plan:");
      FleetReport.printPlan(out, report.plan());
      out.println("   Nodes after the pass (" + report.took().toMillis() + " ms):");
      java.io.StringWriter table = new java.io.StringWriter();
      FleetReport.printNodes(new PrintWriter(table), parts.store().list(), desired.get(), Instant.now());
      table.toString().lines().forEach(line -> out.println("     " + line));
      return report;
    }

    private ResourceRecord node(String name) {
      return parts.store().get(dev.steward.ResourceKey.local(DesiredFleet.NODE_KIND, name));
    }

    private List<ResourceRecord> live() {
      return parts.store().list().stream()
          .filter(r -> r.key().kind().equals(DesiredFleet.NODE_KIND) && !r.state().equals(NodeLifecycle.REMOVED))
          .filter(r -> r.key().name().startsWith("demo-"))
          .toList();
    }

    private void heading(String title) {
      out.println();
      out.println(title);
    }
  }

  static DesiredFleet demo(int count, String version, int base) {
    String command = java() + " -Xmx24m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "
        + dev.steward.spi.support.ShellQuoting.quote(classPath()) + " " + DemoNode.class.getName() + " --port {port} --version {version}";
    return new DesiredFleet("demo", dev.steward.ResourceKey.LOCAL, count, version, Map.of("command", command), OptionalInt.of(base));
  }

  /** Where DemoNode's class comes from: the steward.jar, or the classes folder in a build. */
  static String classPath() {
    try {
      return Path.of(DemoNode.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot tell where the demo node's class is", e);
    }
  }

  static String ask(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      socket.setSoTimeout(2000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line = in.readLine();
      return line == null ? "" : line;
    } catch (IOException e) {
      throw new StewardException("Nothing answers on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
  }

  private static void waitUntilGone(long pid) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      if (System.nanoTime() > deadline) {
        throw new StewardException("pid " + pid + " is still alive 10 s after SIGKILL");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StewardException("Interrupted while waiting for pid " + pid + " to die", e);
      }
    }
  }

  private static void expect(boolean condition, String promise) {
    if (!condition) {
      throw new StewardException("The local-fleet scenario expected that " + promise + ", and it did not hold.");
    }
  }

  /** The java launcher of this JVM, quoted for a command line. */
  private static String java() {
    return dev.steward.spi.support.ShellQuoting.quote(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
