package dev.steward.bench;

import dev.steward.CoreSettings;
import dev.steward.Probe;
import dev.steward.Probes;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.Transport;
import dev.steward.Transports;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.node.DesiredFleet;
import dev.steward.node.FleetOptions;
import dev.steward.node.NodeKind;
import dev.steward.node.PlanPolicy;
import dev.steward.node.Thresholds;
import dev.steward.plan.Budgets;
import dev.steward.probe.ssh.SshProbe;
import dev.steward.probe.ssh.SshProbeSettings;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.reconcile.Backoff;
import dev.steward.reconcile.Kind;
import dev.steward.reconcile.Reconciler;
import dev.steward.spi.ProviderContext;
import dev.steward.store.FileStoreSettings;
import dev.steward.systemd.SystemdSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code systemd [--units 20] [--passes 30] [--store file|memory] [--lab DIR]}: a reconcile pass
 * with nothing to do over the lab's hosts (lab/host-container.sh: Debian containers with systemd
 * and sshd), each running {@code units} systemd units, over SSH with warm sessions, timed next to
 * its anchor measured in the same run: the one {@code systemctl show} of those units per host made
 * by hand through OpenSSH with warm ControlMaster connections, every host at once ({@link
 * ShowAnchor}). Passes and anchor rounds take turns, so a busy moment of the machine falls on both.
 *
 * <p>The loop is the one the example runner builds for fleets that name {@code manager: systemd}
 * (FleetParts): the {@code systemd} ProcessManager from the registry over the {@code local}/{@code
 * ssh} transport, one fleet per host, the {@code local} probe here and the {@code ssh} probe
 * (metrics only) elsewhere, and the {@code file} store in a temporary directory. The units are
 * started by the loop itself (its first pass ADDs them through the systemd manager): units started
 * beside it would be strays to the planner, removed and replaced. No host thresholds, so a loaded
 * machine does not make the planner give nodes up in the middle of the figures.
 *
 * <p>Each timed pass must plan SURVEY alone, hold nothing back and see every node OK. {@link
 * PassTimeline} tells where the time goes. Every unit of the benchmark's instance is removed at the
 * end, also after a failure, and at the start what a run cut short left. Not thread-safe; run once.
 */
final class SystemdBenchmark {
  static final String INSTANCE = "bench";
  private static final String FLEET = "bench";
  private static final String NODE_COMMAND = "/bin/sleep infinity";
  private static final String MANAGER = "systemd";
  private static final Duration GRACE = Duration.ofSeconds(5);
  /** Quiet passes and anchor rounds before the timed ones: the JIT and the masters warm up. */
  private static final int UNTIMED = 3;
  private static final double TARGET_MS = 300;
  private static final Path DEFAULT_LAB = Path.of("/tmp/steward-lab/host");

  record Options(int units, int passes, boolean memoryStore, Path lab) {
    static Options parse(List<String> args) {
      int units = 20;
      int passes = 30;
      boolean memory = false;
      Path lab = Path.of(System.getenv().getOrDefault("STEWARD_LAB_HOST", DEFAULT_LAB.toString()));
      for (int i = 0; i < args.size(); i++) {
        String value = i + 1 < args.size() ? args.get(i + 1) : null;
        switch (args.get(i)) {
          case "--units" -> units = OptionValues.number("--units", value, 1, 200);
          case "--passes" -> passes = OptionValues.number("--passes", value, 1, 1000);
          case "--store" -> memory = OptionValues.memoryStore(value);
          case "--lab" -> {
            if (value == null) {
              throw new IllegalArgumentException("--lab needs the directory lab/host-container.sh wrote");
            }
            lab = Path.of(value);
          }
          default -> throw new IllegalArgumentException("unknown option '" + args.get(i) + "' for the systemd benchmark");
        }
        i++;
      }
      return new Options(units, passes, memory, lab);
    }
  }

  /** What lab/host-container.sh wrote: the hosts' names (Host aliases of the ssh config) and how to reach them. */
  record Lab(Path sshConfig, Path knownHosts, List<String> hosts, List<String> addresses) {
    static Lab read(Path dir) {
      Path file = dir.resolve("hosts.properties");
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("the lab is not up: " + file + " does not exist. Start it as root with"
            + " 'lab/host-container.sh start' (idempotent: it runs three Debian containers with systemd and sshd and writes"
            + " that file, an ssh config and known_hosts), or point --lab or STEWARD_LAB_HOST at the directory it wrote");
      }
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
      }
      int count = Integer.parseInt(p.getProperty("count", "0"));
      List<String> hosts = new ArrayList<>();
      List<String> addresses = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        hosts.add(p.getProperty("host." + i + ".name"));
        addresses.add(p.getProperty("host." + i + ".address") + ":" + p.getProperty("host." + i + ".port"));
      }
      if (hosts.isEmpty() || hosts.contains(null) || p.getProperty("ssh_config") == null) {
        throw new IllegalStateException(file + " names no hosts or no ssh_config: run 'lab/host-container.sh start' (as root) again");
      }
      return new Lab(Path.of(p.getProperty("ssh_config")), Path.of(p.getProperty("known_hosts")), hosts, addresses);
    }

    void requireUp() {
      for (int i = 0; i < hosts.size(); i++) {
        String address = addresses.get(i);
        int colon = address.lastIndexOf(':');
        if (!SshBenchmark.answers(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
          throw new IllegalStateException(hosts.get(i) + " (" + address + ") does not answer ssh: the lab is not (fully) up."
              + " Start it as root with 'lab/host-container.sh start' (it reuses what runs already)");
        }
      }
    }
  }

  private final Options options;
  private final PrintStream out;

  SystemdBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the benchmark; 0 when every pass had nothing to do and every unit was removed at the end. */
  int run() throws IOException, InterruptedException {
    Lab lab = Lab.read(options.lab());
    lab.requireUp();
    Path work = Files.createTempDirectory("steward-bench-systemd");
    Settings settings = Settings.builder()
        .set(CoreSettings.INSTANCE, INSTANCE)
        .set(CoreSettings.PROBE, "local")
        .set(CoreSettings.PROCESS_MANAGER, MANAGER)
        .set(CoreSettings.STATE_STORE, options.memoryStore() ? "memory" : "file")
        .set(FileStoreSettings.DIRECTORY, work.resolve("state"))
        .set(SshSettings.CONFIG_FILE, lab.sshConfig().toString())
        .set(SshSettings.KNOWN_HOSTS, lab.knownHosts())
        .set(SshSettings.AGENT, "none")
        // The manager's list() asks these hosts (and no "local", which has no systemd here).
        .set(SystemdSettings.HOSTS, String.join(",", lab.hosts()))
        .build();
    ProviderRegistry registry = ProviderRegistry.discover();
    PassTimeline timeline = new PassTimeline();
    out.printf(Locale.ROOT, "systemd benchmark: %d hosts (%s) x %d units (%s), instance %s, over ssh (%s), %s store;%n"
        + "  %d cores, load average %.2f at start%n", lab.hosts().size(), String.join(", ", lab.hosts()), options.units(),
        NODE_COMMAND, INSTANCE, lab.sshConfig(), options.memoryStore() ? "memory" : "file",
        Runtime.getRuntime().availableProcessors(), load());
    try (Transport transport = timeline.transport(Transports.byHost(
        registry.create(ExtensionPoint.TRANSPORT, settings.toBuilder().set(CoreSettings.TRANSPORT, "local").build()),
        registry.create(ExtensionPoint.TRANSPORT, settings.toBuilder().set(CoreSettings.TRANSPORT, "ssh").build())))) {
      ProcessManager systemd = timeline.manager(registry.create(ExtensionPoint.PROCESS_MANAGER, ProviderContext.of(settings, transport)));
      int status = 1;
      try {
        int left = removeAll(systemd, lab.hosts());
        if (left > 0) {
          out.printf("removed %d units of instance %s that an earlier run left%n", left, INSTANCE);
        }
        status = measure(registry, settings, transport, systemd, lab, timeline);
      } finally {
        if (!cleanUp(systemd, lab.hosts())) {
          status = 1;
        }
        systemd.close();
      }
      out.printf(Locale.ROOT, "load average at end %.2f (the machine and the lab are shared: compare the ratio, not absolutes)%n", load());
      return status;
    } finally {
      StoreBenchmark.deleteTree(work);
    }
  }

  private int measure(ProviderRegistry registry, Settings settings, Transport transport, ProcessManager systemd, Lab lab,
      PassTimeline timeline) throws IOException, InterruptedException {
    Probe probe = timeline.probe(Probes.byHost(registry.create(ExtensionPoint.PROBE, settings),
        SshProbe.create(transport, settings.toBuilder().set(SshProbeSettings.OBSERVE, "metrics").build())));
    List<DesiredFleet> fleets = lab.hosts().stream()
        .map(host -> new DesiredFleet(FLEET, host, options.units(), "1", Map.of(ProcessSpec.COMMAND, NODE_COMMAND),
            OptionalInt.empty(), FleetOptions.DEFAULT.withManager(MANAGER)))
        .toList();
    Kind nodes = timeline.kind(NodeKind.builder()
        .processManager(MANAGER, systemd)
        .metricsTransport(transport)
        .selector(registry.create(ExtensionPoint.NODE_SELECTOR, settings))
        .policy(new PlanPolicy(Thresholds.NONE, Budgets.unlimited()))
        .fleets(fleets)
        .stopGrace(GRACE)
        .build());
    try (StateStore store = registry.create(ExtensionPoint.STATE_STORE, settings);
        Reconciler reconciler = Reconciler.builder().store(store).probe(probe).kind(nodes)
            // Every unit starts in the first pass: the figures are of quiet passes, not of a rollout.
            .budgets(Budgets.unlimited()).backoff(Backoff.standard()).parallelism(20).build()) {
      // The lab is shared: a test taking a host down, or restarting the lab, makes a host unreachable.
      QuietPasses quiet = new QuietPasses(lab.hosts().size() * options.units(),
          "is something else restarting the lab's hosts?", out);
      quiet.warmUp(reconciler);
      try (ShowAnchor anchor = new ShowAnchor(lab.sshConfig(), unitsByHost(systemd, lab.hosts()))) {
        for (int i = 0; i < UNTIMED; i++) {
          quiet.require(reconciler.reconcileOnce(), "untimed pass " + (i + 1));
          anchor.openSshRound();
          anchor.transportRound(transport);
        }
        Latencies openssh = new Latencies();
        Latencies steward = new Latencies();
        for (int i = 0; i < options.passes(); i++) {
          quiet.require(timeline.time(reconciler), "timed pass " + (i + 1));
          openssh.add(anchor.openSshRound());
          steward.add(anchor.transportRound(transport));
        }
        print(timeline, openssh, steward, lab.hosts().size(), anchor.commandLine(lab.hosts().get(0)));
      }
    }
    return 0;
  }

  /** The unit of every node the manager lists on each host, sorted. */
  private Map<String, List<String>> unitsByHost(ProcessManager systemd, List<String> hosts) {
    Map<String, List<String>> units = new TreeMap<>();
    for (String host : hosts) {
      List<String> names = systemd.list(host).stream().filter(s -> s.state() == ProcessState.RUNNING)
          .map(s -> s.attributes().get("unit")).filter(u -> u != null).sorted().toList();
      if (names.size() != options.units()) {
        throw new IllegalStateException("the systemd manager lists " + names.size() + " running units on " + host
            + ", not " + options.units());
      }
      units.put(host, names);
    }
    return units;
  }

  /** Removes every unit of the instance on {@code hosts}, the manager's way; how many there were. */
  private static int removeAll(ProcessManager systemd, List<String> hosts) throws InterruptedException {
    List<ResourceKey> keys = new ArrayList<>();
    for (String host : hosts) {
      systemd.list(host).stream().map(ProcessStatus::key).forEach(keys::add);
    }
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<ProcessStatus>> removals = keys.stream().map(key -> pool.submit(() -> systemd.remove(key, GRACE))).toList();
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        try {
          removals.get(i).get();
        } catch (ExecutionException e) {
          failed.add(keys.get(i) + ": " + e.getCause().getMessage());
        }
      }
      if (!failed.isEmpty()) {
        throw new IllegalStateException("could not remove " + failed.size() + " of " + keys.size() + " units, e.g. " + failed.get(0));
      }
    } finally {
      pool.shutdownNow();
    }
    return keys.size();
  }

  /** {@link #removeAll} at the end, saying what it did; false when units may be left. */
  private boolean cleanUp(ProcessManager systemd, List<String> hosts) {
    try {
      out.printf("removed the %d units of instance %s from the hosts%n", removeAll(systemd, hosts), INSTANCE);
      return true;
    } catch (RuntimeException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      out.println("could not remove every unit of instance " + INSTANCE + " (" + e.getMessage() + "): the next run removes them,"
          + " or on each host: systemctl stop 'steward-" + INSTANCE + "-*' && rm /etc/systemd/system/steward-" + INSTANCE
          + "-*.service && systemctl daemon-reload");
      return false;
    }
  }

  private void print(PassTimeline timeline, Latencies openssh, Latencies steward, int hosts, String command) {
    Latencies passes = timeline.passes();
    out.printf(Locale.ROOT, "%n%d timed passes, each followed by an anchor round (after %d untimed ones); the anchor on each host:%n"
        + "  ssh -F SSH_CONFIG -o ControlMaster=auto -o ControlPath=... -o ControlPersist=120 HOST %s%n%n",
        options.passes(), UNTIMED, abbreviated(command, options.units()));
    LatencyRows rows = new LatencyRows(out);
    rows.header();
    rows.row("reconcile pass with nothing to do, " + hosts + " hosts x " + options.units() + " units", passes);
    rows.row("anchor: systemctl show by hand, OpenSSH ControlMaster, warm", openssh);
    rows.ratio("pass / anchor (medians)", passes, openssh);
    out.printf("%nwhere a pass goes:%n");
    rows.stages(timeline);
    rows.row("  one probe command (each host's, at once)", timeline.commandTimes(PassTimeline.Stage.PROBE));
    rows.row("  one list(host) call of the systemd manager", timeline.listCalls());
    rows.row("  the anchor's systemctl show through Steward's ssh transport", steward);
    rows.commandsPerPass(timeline);
    double median = passes.quantileMillis(0.5);
    out.printf(Locale.ROOT, "%ntarget: pass median at most %.0f ms (%.1f ms): %s%n", TARGET_MS, median,
        median <= TARGET_MS ? "PASS" : "MISS");
  }

  /** The command with its long property list shortened, for one line. */
  private static String abbreviated(String command, int units) {
    return command.replace(ShowAnchor.PROPERTIES, "Id,LoadState,...,FragmentPath").replaceAll(" '?steward-[^ ]*", "")
        + " U1 ... U" + units;
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
