package dev.steward.examples.scenario;

import dev.steward.ActionType;
import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CoreSettings;
import dev.steward.NodeLifecycle;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.drift.DriftClass;
import dev.steward.drift.DriftEntry;
import dev.steward.examples.fleet.FleetConfig;
import dev.steward.examples.fleet.FleetFile;
import dev.steward.examples.fleet.FleetParts;
import dev.steward.node.DesiredFleet;
import dev.steward.node.NodeAttributes;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.ReconcileListener;
import dev.steward.reconcile.Reconciler;
import dev.steward.store.FileStoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code systemd-fleet}: Steward acting on real hosts over SSH. Two fleets run as systemd units on
 * two of the lab's Debian host containers, each node with a UDP port opened in ufw and a metrics
 * page on its host's loopback. A unit killed with {@code systemctl kill -s KILL} is started again;
 * a scale-down removes the node the {@code least-records} selector picks from the scraped metrics;
 * an upgrade rolls one node at a time; a host that is stopped is UNKNOWN, nothing is done there and
 * the other host goes on; when it is back, everything converges. Next to Steward's table it prints
 * what {@code systemctl} and {@code ufw status} say on the hosts. Needs the lab: {@code sudo
 * lab/host-container.sh start}. Stateless and thread-safe.
 */
public final class SystemdFleetScenario implements Scenario {
  /** Where the lab script writes its settings, unless STEWARD_LAB_HOST says otherwise. */
  static final Path DEFAULT_LAB = Path.of("/tmp/steward-lab/host");
  private static final String SCRIPT = "/usr/local/lib/steward-demo/relay-node.py";
  private static final Duration GRACE = Duration.ofSeconds(5);

  @Override
  public String name() {
    return "systemd-fleet";
  }

  @Override
  public String description() {
    return "real hosts over ssh (the lab's containers): systemd units and ufw ports on two hosts, a killed unit restarted, "
        + "a scale-down by scraped metrics, a rolling upgrade, a host down and back";
  }

  @Override
  public void run(ScenarioContext context) {
    PrintWriter out = context.out();
    LabHosts lab = LabHosts.read(Path.of(System.getenv().getOrDefault("STEWARD_LAB_HOST", DEFAULT_LAB.toString())));
    try (ScenarioFolder folder = ScenarioFolder.of(context, name())) {
      Settings settings = context.settings().toBuilder()
          .set(FileStoreSettings.DIRECTORY, folder.root().resolve("state"))
          .set(CoreSettings.INSTANCE.name(), "demo")
          .set(SshSettings.CONFIG_FILE, lab.sshConfig().toString())
          .set(SshSettings.KNOWN_HOSTS, lab.knownHosts())
          .set(SshSettings.AGENT, "none")
          .build();
      Path fleetFile = folder.root().resolve("fleet.yaml");
      // The last two hosts: tests that share the lab use the first, and the last is the one taken down.
      String one = lab.name(lab.count() - 1);
      String two = lab.name(lab.count());
      writeFleetFile(fleetFile, one, two, 2, 1, "1.0");
      out.println("Working in " + folder.root() + (folder.kept() ? " (kept afterwards)." : " (a temporary folder, removed at the end)."));
      out.println("The hosts are the lab's Debian containers " + one + " and " + two + " (systemd, sshd and ufw each),");
      out.println("reached over ssh with " + lab.sshConfig() + ". The fleet file:");
      FleetSteps.readLines(fleetFile).forEach(line -> out.println("   | " + line));
      AtomicReference<FleetConfig> config = new AtomicReference<>(FleetFile.read(fleetFile));
      try (FleetParts parts = FleetParts.open(context.registry(), settings, config.get());
          Reconciler reconciler = parts.reconciler(config.get(), () -> config.get().fleets(), ReconcileListener.none(), GRACE)) {
        Story story = new Story(out, parts, reconciler, config, fleetFile, lab);
        story.prepareHosts();
        try {
          story.startFleets();
          story.killedUnitComesBack();
          story.scaleDownByMetrics();
          story.rollingUpgrade();
          story.hostDownAndBack();
        } finally {
          story.cleanUp();
        }
      }
    }
  }

  static void writeFleetFile(Path file, String one, String two, int relays, int apis, String version) {
    String text = """
        # Two fleets on two lab hosts, as systemd units, with ufw ports. Written by the systemd-fleet scenario.
        fleets:
          - name: relay
            count: %d
            version: "%s"
            command: /usr/bin/python3 %s --name {name} --version {version} --port {port} --metrics-port {metrics_port} --records {index}00
            base_port: 30001
            protocol: udp
            hosts: [%s, %s]
            manager: systemd
            firewall: ufw
            cooldown: 0s        # the default 30s would hold back the restart of the unit killed below
            metrics:
              base_port: 31001
              attributes: {records: demo_records_stored, shunned: demo_peers_shunned}
          - name: api
            count: %d
            version: "%s"
            command: /usr/bin/python3 %s --name {name} --version {version} --port {port} --tcp-port {port.admin} --metrics-port {metrics_port}
            base_port: 32001
            protocol: udp
            ports: {admin: 33001/tcp}
            hosts: [%s]
            manager: systemd
            firewall: ufw
            cooldown: 0s
            metrics:
              base_port: 34001
              attributes: {records: demo_records_stored}
        policy:
          budgets: {upgrade: 1, add: 2, start: 2, remove: 1}
          thresholds: none
        selector: least-records
        interval: 5s
        """.formatted(relays, version, SCRIPT, one, two, apis, version, SCRIPT, two);
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new StewardException("Could not write the fleet file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The lab's hosts as its script describes them in hosts.properties. */
  record LabHosts(Path directory, Properties properties) {
    static LabHosts read(Path directory) {
      return read(directory, "systemd-fleet", 2);
    }

    /** The lab of {@code directory} for {@code scenario}, which needs {@code hosts} hosts. */
    static LabHosts read(Path directory, String scenario, int hosts) {
      Path file = directory.resolve("hosts.properties");
      Properties properties = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        properties.load(in);
      } catch (IOException e) {
        throw new StewardException("The " + scenario + " scenario runs on the lab's host containers, and " + file
            + " cannot be read (" + e.getMessage() + "). Start them first, as root: lab/host-container.sh start"
            + " (or point STEWARD_LAB_HOST at the lab's directory).", e);
      }
      LabHosts lab = new LabHosts(directory, properties);
      if (lab.count() < hosts) {
        throw new StewardException("The " + scenario + " scenario needs " + hosts + " lab hosts and " + file + " lists " + lab.count()
            + ". Start more, as root: STEWARD_LAB_HOST_COUNT=3 lab/host-container.sh start");
      }
      if (!Files.isReadable(lab.sshConfig())) {
        throw new StewardException("The lab has no ssh config at " + lab.sshConfig()
            + "; start the lab again with this version of lab/host-container.sh");
      }
      return lab;
    }

    int count() {
      return Integer.parseInt(properties.getProperty("count", "0").strip());
    }

    String name(int index) {
      return properties.getProperty("host." + index + ".container", "steward-host-" + index);
    }

    Path sshConfig() {
      return directory.resolve("ssh_config");
    }

    Path knownHosts() {
      return Path.of(properties.getProperty("known_hosts", directory.resolve("known_hosts").toString()));
    }

    int port(int index) {
      return Integer.parseInt(properties.getProperty("host." + index + ".port"));
    }

    String address(int index) {
      return properties.getProperty("host." + index + ".address", "127.0.0.1");
    }

    Path identity() {
      return Path.of(properties.getProperty("identity", directory.resolve("id_ed25519").toString()));
    }
  }

  /** The steps, sharing the reconciler; each checks what it shows. */
  private static final class Story {
    private final PrintWriter out;
    private final FleetParts parts;
    private final Reconciler reconciler;
    private final AtomicReference<FleetConfig> config;
    private final Path fleetFile;
    private final LabHosts lab;
    private final Transport transport;
    private final String one;
    private final String two;
    private final FleetSteps steps;
    private boolean down;

    Story(PrintWriter out, FleetParts parts, Reconciler reconciler, AtomicReference<FleetConfig> config, Path fleetFile, LabHosts lab) {
      this.steps = new FleetSteps("systemd-fleet", out, parts, reconciler, config);
      this.out = out;
      this.parts = parts;
      this.reconciler = reconciler;
      this.config = config;
      this.fleetFile = fleetFile;
      this.lab = lab;
      this.transport = parts.transport();
      this.one = lab.name(lab.count() - 1);
      this.two = lab.name(lab.count());
    }

    void prepareHosts() {
      heading("0. The operator prepares the hosts: the demo node's script, and ufw on (Steward never enables ufw)");
      String script;
      try (InputStream in = SystemdFleetScenario.class.getResourceAsStream("relay-node.py")) {
        script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException | NullPointerException e) {
        throw new StewardException("The runner lacks its relay-node.py resource: rebuild it", e);
      }
      for (String host : List.of(one, two)) {
        run(host, Command.of("sh", "-c", "install -d /usr/local/lib/steward-demo && cat > " + SCRIPT + " && chmod 755 " + SCRIPT)
            .withStdin(script));
        run(host, Command.of("sh", "-c", "ufw allow 22/tcp comment lab-ssh >/dev/null && ufw --force enable >/dev/null"));
        out.println("   " + host + ": " + SCRIPT + " installed, ufw active with 22/tcp allowed");
      }
    }

    void startFleets() {
      heading("1. Nothing runs yet: relay wants 2 nodes on each host, api 1 on " + two + "; adds go 2 at a time");
      converge(6);
      expect(live().size() == 5, "5 nodes run, got " + live().size());
      showHosts();
    }

    void killedUnitComesBack() {
      heading("2. relay-1's unit on " + one + " is killed from outside: systemctl kill -s KILL");
      ResourceKey key = ResourceKey.of(DesiredFleet.NODE_KIND, "relay-1", one);
      String unit = systemd().status(key).attributes().get("unit");
      String pid = parts.store().get(key).attribute(NodeAttributes.PID).orElse("");
      run(one, Command.of("systemctl", "kill", "-s", "KILL", unit));
      poll("the killed unit to stop", () -> systemd().status(key).state() != dev.steward.ProcessState.RUNNING);
      out.println("   " + one + "$ systemctl is-active " + unit + " -> " + run(one, Command.of("systemctl", "is-active", unit)).stdout().strip());
      PassReport report = pass();
      expect(report.plan().actions().stream().anyMatch(a -> a.type() == ActionType.START && a.target().equals(key)),
          "the plan starts relay-1 on " + one + " again");
      ResourceRecord after = parts.store().get(key);
      expect(after.state().equals(NodeLifecycle.RUNNING) && !after.attribute(NodeAttributes.PID).orElse("").equals(pid),
          "relay-1 runs again with a new main pid (was " + pid + ")");
      out.println("   " + one + "$ systemctl show -p MainPID " + unit + " -> " + run(one, Command.of("systemctl", "show", "-p", "MainPID", unit)).stdout().strip());
    }

    void scaleDownByMetrics() {
      heading("3. relay shrinks to 1 node per host; 'least-records' ranks by demo_records_stored scraped from each node");
      PassReport preview = reconciler.planOnce();
      Map<String, String> scraped = new TreeMap<>();
      for (DriftEntry entry : preview.drift().entries()) {
        entry.observed().flatMap(o -> java.util.Optional.ofNullable(o.attributes().get("records")))
            .ifPresent(records -> scraped.put(entry.key().toString(), records));
      }
      out.println("   Scraped records: " + scraped);
      rewrite(1, 1, "1.0");
      for (int i = 0; i < 6; i++) {
        PassReport report = pass();
        steps.expectFewestRecordsWent(report, "relay");
        if (FleetSteps.quiet(report)) {
          break;
        }
      }
      for (String host : List.of(one, two)) {
        long relays = relaysOn(host);
        expect(relays == 1, "one relay is left on " + host + ", not " + relays);
      }
      showHosts();
    }

    void rollingUpgrade() {
      heading("4. Version 2.0 is wanted; the budget allows 1 upgrade in flight");
      rewrite(1, 1, "2.0");
      int passes = 0;
      while (live().stream().anyMatch(r -> !FleetSteps.version(r).equals("2.0")) && passes++ < 8) {
        PassReport report = pass();
        long upgrades = report.plan().actions().stream().filter(a -> a.type() == ActionType.UPGRADE).count();
        expect(upgrades <= 1, "at most 1 upgrade per pass, got " + upgrades);
      }
      expect(live().stream().allMatch(r -> FleetSteps.version(r).equals("2.0") && r.state().equals(NodeLifecycle.RUNNING)),
          "every node runs 2.0");
      out.println("   " + two + "$ systemctl show -p ExecStart of api-1:");
      ResourceKey api = ResourceKey.of(DesiredFleet.NODE_KIND, "api-1", two);
      out.println("     " + run(two, Command.of("systemctl", "show", "-p", "ExecStart", systemd().status(api).attributes().get("unit")))
          .stdout().strip());
    }

    void hostDownAndBack() {
      heading("5. " + two + " goes down (docker stop); relay wants 2 per host again");
      down = true;
      local(List.of("docker", "stop", "-t", "5", two));
      rewrite(2, 1, "2.0");
      // A few passes at most: an addition waits for a pass that read the host's load.
      for (int i = 0; i < 4 && relaysOn(one) < 2; i++) {
        PassReport report = pass();
        List<DriftEntry> unknown = report.drift().entries().stream()
            .filter(e -> e.key().host().equals(two) && e.drift() == DriftClass.UNKNOWN).toList();
        expect(!unknown.isEmpty(), "the nodes on " + two + " are UNKNOWN");
        if (i == 0) {
          out.println("   " + unknown.size() + " node(s) on " + two + " are UNKNOWN: " + unknown.get(0).reason());
        }
        expect(report.outcomes().stream().noneMatch(o -> o.action().target().host().equals(two)
                && o.action().type() != ActionType.SURVEY),
            "nothing is done on " + two);
      }
      expect(relaysOn(one) == 2, one + " goes on: it runs 2 relays");
      heading("6. " + two + " is back (docker start); its units did not survive the restart, so Steward starts them again");
      bringBack();
      converge(8);
      expect(live().size() == 5 && live().stream().allMatch(r -> r.state().equals(NodeLifecycle.RUNNING)), "all 5 nodes run again");
      showHosts();
    }

    private long relaysOn(String host) {
      return live().stream().filter(r -> r.key().host().equals(host) && r.key().name().startsWith("relay-")).count();
    }

    /** Starts the host taken down again and waits for its sshd. */
    private void bringBack() {
      local(List.of("docker", "start", two));
      poll(two + "'s sshd to answer", () -> {
        try {
          return transport.run(two, Command.of("true").withTimeout(Duration.ofSeconds(5))).succeeded();
        } catch (RuntimeException e) {
          return false;
        }
      });
      down = false;
    }

    void cleanUp() {
      heading("Cleaning up: both fleets want 0 nodes");
      try {
        if (down) {
          bringBack();
        }
        rewrite(0, 0, "2.0");
        converge(8);
        for (String host : List.of(one, two)) {
          String left = run(host, Command.of("sh", "-c", "ls /etc/systemd/system | grep -c '^steward-demo-' || true")).stdout().strip();
          out.println("   " + host + ": " + left + " steward unit file(s) left; ufw: "
              + run(host, Command.of("sh", "-c", "LC_ALL=C ufw status | grep -c steward: || true")).stdout().strip() + " steward rule(s)");
        }
      } catch (RuntimeException e) {
        out.println("   Cleaning up failed: " + e.getMessage());
      }
    }

    /** What the hosts themselves say: systemctl's units and ufw's rules. */
    private void showHosts() {
      for (String host : List.of(one, two)) {
        out.println("   " + host + "$ systemctl list-units --all 'steward-demo-*'");
        run(host, Command.of("systemctl", "list-units", "--all", "--plain", "--no-legend", "--no-pager", "steward-demo-*"))
            .stdout().lines().forEach(line -> out.println("     " + line));
        out.println("   " + host + "$ ufw status");
        run(host, Command.of("ufw", "status").withEnvironment(Map.of("LC_ALL", "C")))
            .stdout().lines().filter(line -> !line.isBlank()).forEach(line -> out.println("     " + line));
      }
    }

    private void rewrite(int relays, int apis, String version) {
      writeFleetFile(fleetFile, one, two, relays, apis, version);
      config.set(FleetFile.read(fleetFile));
    }

    private dev.steward.ProcessManager systemd() {
      return parts.manager("systemd").orElseThrow();
    }

    private CommandResult run(String host, Command command) {
      CommandResult result = transport.run(host, command);
      if (!result.succeeded() && !command.argv().contains("is-active")) {
        throw new StewardException("'" + command.display() + "' failed on " + host + ": " + result.stderr().strip());
      }
      return result;
    }

    private void local(List<String> argv) {
      out.println("   $ " + String.join(" ", argv));
      run(dev.steward.ResourceKey.LOCAL, Command.of(argv).withTimeout(Duration.ofSeconds(60)));
    }

    private PassReport pass() {
      return steps.pass();
    }

    private void converge(int maxPasses) {
      steps.converge(maxPasses);
    }

    private List<ResourceRecord> live() {
      return steps.live();
    }

    private void heading(String title) {
      steps.heading(title);
    }

    private void expect(boolean condition, String promise) {
      steps.expect(condition, promise);
    }

    private void poll(String what, java.util.function.BooleanSupplier done) {
      steps.poll(what, done);
    }
  }
}
