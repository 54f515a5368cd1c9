package dev.steward.bench;

import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.Transport;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.docker.DockerSettings;
import dev.steward.docker.DockerSpec;
import dev.steward.node.DesiredFleet;
import dev.steward.node.FleetOptions;
import dev.steward.node.NodeKind;
import dev.steward.node.PlanPolicy;
import dev.steward.node.Thresholds;
import dev.steward.plan.Budgets;
import dev.steward.reconcile.Backoff;
import dev.steward.reconcile.Kind;
import dev.steward.reconcile.Reconciler;
import dev.steward.spi.ProviderContext;
import dev.steward.store.FileStoreSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code docker [--containers 50] [--passes 30] [--store file|memory] [--image IMAGE] [--docker
 * COMMAND]}: a reconcile pass with nothing to do over {@code containers} containers on this
 * machine's Docker engine (lab/docker-images.sh), timed next to its anchor measured in the same
 * run: one {@code docker ps} of the instance's label and one {@code docker inspect} of the
 * containers it names, run by hand as processes ({@link DockerAnchor}). Passes and anchor rounds
 * take turns, so a busy moment of the machine falls on both.
 *
 * <p>The loop is the one the example runner builds for a fleet that names {@code manager: docker}
 * on this machine (FleetParts): the {@code docker} ProcessManager from the registry over the
 * {@code local} transport, the {@code local} probe and the {@code file} store in a temporary
 * directory. The containers are made by the loop itself (its first pass ADDs them through the
 * docker manager). No host thresholds, so a loaded machine does not make the planner give nodes up
 * in the middle of the figures.
 *
 * <p>Each timed pass must plan SURVEY alone, hold nothing back and see every node OK; {@link
 * PassTimeline} tells where the time goes and how many commands each stage ran. Every container of
 * the benchmark's instance is removed at the end, also after a failure, and at the start what a run
 * cut short left, found by the instance's label. Not thread-safe; run once.
 */
final class DockerBenchmark {
  static final String INSTANCE = "bench-docker";
  private static final String HOST = ResourceKey.LOCAL;
  private static final String FLEET = "bench";
  /** A node that waits: the busybox image has sleep, and an hour outlasts any run. */
  private static final String NODE_COMMAND = "sleep 3600";
  private static final String MANAGER = "docker";
  private static final String DEFAULT_IMAGE = "steward/busybox:test";
  private static final Duration GRACE = Duration.ofSeconds(5);
  /** Quiet passes and anchor rounds before the timed ones: the JIT and the engine warm up. */
  private static final int UNTIMED = 3;
  /** The target: a quiet pass costs at most twice the two commands it cannot do without. */
  private static final double TARGET_RATIO = 2.0;

  record Options(int containers, int passes, boolean memoryStore, String image, String docker) {
    static Options parse(List<String> args) {
      int containers = 50;
      int passes = 30;
      boolean memory = false;
      String image = DEFAULT_IMAGE;
      String docker = "docker";
      for (int i = 0; i < args.size(); i++) {
        String value = i + 1 < args.size() ? args.get(i + 1) : null;
        switch (args.get(i)) {
          case "--containers" -> containers = OptionValues.number("--containers", value, 1, 500);
          case "--passes" -> passes = OptionValues.number("--passes", value, 1, 1000);
          case "--store" -> memory = OptionValues.memoryStore(value);
          case "--image" -> image = text("--image", value, "an image the engine has, e.g. " + DEFAULT_IMAGE);
          case "--docker" -> docker = text("--docker", value, "the docker command, a name on the PATH or a path");
          default -> throw new IllegalArgumentException("unknown option '" + args.get(i) + "' for the docker benchmark");
        }
        i++;
      }
      return new Options(containers, passes, memory, image, docker);
    }

    private static String text(String option, String value, String what) {
      if (value == null || value.isBlank() || value.startsWith("-")) {
        throw new IllegalArgumentException(option + " needs " + what + ", got " + value);
      }
      return value;
    }
  }

  private final Options options;
  private final PrintStream out;

  DockerBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the benchmark; 0 when every pass had nothing to do and every container was removed at the end. */
  int run() throws IOException, InterruptedException {
    String engine = DockerAnchor.requireEngine(options.docker(), options.image());
    Path work = Files.createTempDirectory("steward-bench-docker");
    Settings settings = Settings.builder()
        .set(CoreSettings.INSTANCE, INSTANCE)
        .set(CoreSettings.PROBE, "local")
        .set(CoreSettings.TRANSPORT, "local")
        .set(CoreSettings.PROCESS_MANAGER, MANAGER)
        .set(CoreSettings.STATE_STORE, options.memoryStore() ? "memory" : "file")
        .set(FileStoreSettings.DIRECTORY, work.resolve("state"))
        .set(DockerSettings.HOSTS, HOST)
        .set(DockerSettings.COMMAND, options.docker())
        .build();
    ProviderRegistry registry = ProviderRegistry.discover();
    PassTimeline timeline = new PassTimeline();
    out.printf(Locale.ROOT, "docker benchmark: %d containers (%s, %s) on this machine's engine %s, instance %s, %s store;%n"
        + "  %d cores, load average %.2f at start%n", options.containers(), options.image(), NODE_COMMAND, engine, INSTANCE,
        options.memoryStore() ? "memory" : "file", Runtime.getRuntime().availableProcessors(), load());
    try (Transport transport = timeline.transport(registry.create(ExtensionPoint.TRANSPORT, settings))) {
      ProcessManager docker = timeline.manager(registry.create(ExtensionPoint.PROCESS_MANAGER, ProviderContext.of(settings, transport)));
      int status = 1;
      try {
        int left = DockerAnchor.removeAll(options.docker(), INSTANCE);
        if (left > 0) {
          out.printf("removed %d containers of instance %s that an earlier run left%n", left, INSTANCE);
        }
        status = measure(registry, settings, transport, docker, timeline);
      } finally {
        if (!cleanUp()) {
          status = 1;
        }
        docker.close();
      }
      out.printf(Locale.ROOT, "load average at end %.2f (the machine is shared: compare the ratio, not absolutes)%n", load());
      return status;
    } finally {
      StoreBenchmark.deleteTree(work);
    }
  }

  private int measure(ProviderRegistry registry, Settings settings, Transport transport, ProcessManager docker, PassTimeline timeline)
      throws IOException, InterruptedException {
    DesiredFleet fleet = new DesiredFleet(FLEET, HOST, options.containers(), "1",
        Map.of(ProcessSpec.COMMAND, NODE_COMMAND, DockerSpec.IMAGE, options.image(), DockerSpec.PULL, "never"),
        OptionalInt.empty(), FleetOptions.DEFAULT.withManager(MANAGER));
    Kind nodes = timeline.kind(NodeKind.builder()
        .processManager(MANAGER, docker)
        .selector(registry.create(ExtensionPoint.NODE_SELECTOR, settings))
        .policy(new PlanPolicy(Thresholds.NONE, Budgets.unlimited()))
        .fleets(List.of(fleet))
        .stopGrace(GRACE)
        .build());
    try (StateStore store = registry.create(ExtensionPoint.STATE_STORE, settings);
        Reconciler reconciler = Reconciler.builder().store(store).probe(timeline.probe(registry.create(ExtensionPoint.PROBE, settings)))
            .kind(nodes)
            // Every container starts in the first pass: the figures are of quiet passes, not of a rollout.
            .budgets(Budgets.unlimited()).backoff(Backoff.standard()).parallelism(20).build()) {
      QuietPasses quiet = new QuietPasses(options.containers(), "is the Docker engine still up?", out);
      quiet.warmUp(reconciler);
      DockerAnchor anchor = new DockerAnchor(options.docker(), INSTANCE, options.containers());
      for (int i = 0; i < UNTIMED; i++) {
        quiet.require(reconciler.reconcileOnce(), "untimed pass " + (i + 1));
        anchor.byHand();
        anchor.through(transport, HOST);
      }
      Latencies anchorTotal = new Latencies();
      Latencies anchorPs = new Latencies();
      Latencies anchorInspect = new Latencies();
      Latencies steward = new Latencies();
      for (int i = 0; i < options.passes(); i++) {
        quiet.require(timeline.time(reconciler), "timed pass " + (i + 1));
        DockerAnchor.Round round = anchor.byHand();
        anchorTotal.add(round.nanos());
        anchorPs.add(round.psNanos());
        anchorInspect.add(round.inspectNanos());
        steward.add(anchor.through(transport, HOST).nanos());
      }
      return print(timeline, anchorTotal, anchorPs, anchorInspect, steward, anchor);
    }
  }

  /** Prints the figures; 0 (the figures are the outcome, met or missed). */
  private int print(PassTimeline timeline, Latencies anchorTotal, Latencies anchorPs, Latencies anchorInspect, Latencies steward,
      DockerAnchor anchor) {
    Latencies passes = timeline.passes();
    out.printf(Locale.ROOT, "%n%d timed passes, each followed by an anchor round (after %d untimed ones); the anchor, by hand:%n"
        + "  %s%n  %s ID1 ... ID%d%n%n", options.passes(), UNTIMED, String.join(" ", anchor.psArgv()),
        String.join(" ", anchor.inspectArgv(List.of())), options.containers());
    LatencyRows rows = new LatencyRows(out);
    rows.header();
    rows.row("reconcile pass with nothing to do, " + options.containers() + " containers", passes);
    rows.row("anchor: docker ps + docker inspect by hand", anchorTotal);
    double ratio = rows.ratio("pass / anchor (medians)", passes, anchorTotal);
    out.printf("%nwhere a pass goes:%n");
    rows.stages(timeline);
    rows.row("  one list(host) call of the docker manager", timeline.listCalls());
    rows.row("  one command of the listing (ps or inspect)", timeline.commandTimes(PassTimeline.Stage.LISTING));
    rows.row("  the anchor's docker ps by hand", anchorPs);
    rows.row("  the anchor's docker inspect by hand", anchorInspect);
    rows.row("  the anchor's two commands through Steward's local transport", steward);
    rows.commandsPerPass(timeline);
    out.printf(Locale.ROOT, "%ntarget: pass / anchor at most %.1fx (%.2fx): %s%n", TARGET_RATIO, ratio,
        ratio <= TARGET_RATIO ? "PASS" : "MISS");
    return 0;
  }

  /** Removes the instance's containers at the end, saying what it did; false when some may be left. */
  private boolean cleanUp() {
    try {
      out.printf("removed the %d containers of instance %s%n", DockerAnchor.removeAll(options.docker(), INSTANCE), INSTANCE);
      return true;
    } catch (RuntimeException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      out.println("could not remove every container of instance " + INSTANCE + " (" + e.getMessage() + "): the next run removes them,"
          + " or: docker rm -f $(docker ps -aq --filter label=" + DockerAnchor.INSTANCE_LABEL + "=" + INSTANCE + ")");
      return false;
    }
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
