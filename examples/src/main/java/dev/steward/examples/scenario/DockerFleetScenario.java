package dev.steward.examples.scenario;

import dev.steward.ActionType;
import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.examples.fleet.FleetConfig;
import dev.steward.examples.fleet.FleetFile;
import dev.steward.examples.fleet.FleetParts;
import dev.steward.node.DesiredFleet;
import dev.steward.node.NodeAttributes;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.ReconcileListener;
import dev.steward.reconcile.Reconciler;
import dev.steward.spi.http.HttpText;
import dev.steward.store.FileStoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code docker-fleet}: nodes as Docker containers, on this machine's engine reached two ways: as
 * {@code local}, and over ssh through the lab's loopback sshd as its plain user (in the docker
 * group), so the same code drives a remote host. A container killed with {@code docker kill} is
 * started again on both; a container someone else made under a node's name is refused and left
 * alone; a scale-down removes the node {@code least-records} picks from the scraped pages; an
 * upgrade by image tag runs one container at a time, each new one made and checked before the old
 * one goes; two nodes packed in one container, one killed and restarted alone. Next to Steward's
 * table it prints what docker says. Needs the lab: {@code sudo lab/sshd.sh start && sudo
 * lab/docker-images.sh start}. Stateless and thread-safe.
 */
public final class DockerFleetScenario implements Scenario {
  static final Path DEFAULT_SSHD = Path.of("/tmp/steward-lab/sshd");
  static final Path DEFAULT_DOCKER = Path.of("/tmp/steward-lab/docker");
  /** The ssh alias of this machine the scenario writes into its own ssh config. */
  static final String SSH_HOST = "docker-over-ssh";
  static final String INSTANCE = "demo";
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final String STRANGER = "steward-" + INSTANCE + "-node-web-3";

  @Override
  public String name() {
    return "docker-fleet";
  }

  @Override
  public String description() {
    return "nodes as Docker containers, locally and over ssh: a killed container restarted, a same-named stranger left alone, "
        + "a scale-down by scraped metrics, an upgrade by image tag, two nodes packed in one container";
  }

  @Override
  public void run(ScenarioContext context) {
    PrintWriter out = context.out();
    Properties sshd = labProperties("STEWARD_LAB_SSHD", DEFAULT_SSHD, "lab.properties", "lab/sshd.sh start");
    Properties docker = labProperties("STEWARD_LAB_DOCKER", DEFAULT_DOCKER, "docker.properties", "lab/docker-images.sh start");
    String image = docker.getProperty("demo_image");
    if (image == null) {
      throw new StewardException("The lab's docker.properties names no demo_image: start the lab again with this version of"
          + " lab/docker-images.sh (as root: lab/docker-images.sh start)");
    }
    try (ScenarioFolder folder = ScenarioFolder.of(context, name())) {
      Path sshConfig = folder.root().resolve("ssh_config");
      write(sshConfig, """
          # Written by the docker-fleet scenario: this machine, reached over ssh through the lab's sshd.
          Host %s
            HostName %s
            Port %s
            User %s
            IdentityFile %s
          """.formatted(SSH_HOST, sshd.getProperty("address"), sshd.getProperty("port"), sshd.getProperty("user"),
          sshd.getProperty("identity")));
      Settings settings = context.settings().toBuilder()
          .set(FileStoreSettings.DIRECTORY, folder.root().resolve("state"))
          .set(CoreSettings.INSTANCE.name(), INSTANCE)
          .set(SshSettings.CONFIG_FILE, sshConfig.toString())
          .set(SshSettings.KNOWN_HOSTS, Path.of(sshd.getProperty("known_hosts")))
          .set(SshSettings.AGENT, "none")
          .build();
      Path fleetFile = folder.root().resolve("fleet.yaml");
      Wanted wanted = new Wanted(image, 2, 2, 2, "1.0");
      wanted.write(fleetFile);
      out.println("Working in " + folder.root() + (folder.kept() ? " (kept afterwards)." : " (a temporary folder, removed at the end)."));
      out.println("Fleet web runs on local, fleet edge on " + SSH_HOST + " (" + sshd.getProperty("user") + "@" + sshd.getProperty("address")
          + ":" + sshd.getProperty("port") + ", this machine's engine reached over ssh), fleet pair packs 2 nodes in one container.");
      out.println("The fleet file:");
      FleetSteps.readLines(fleetFile).forEach(line -> out.println("   | " + line));
      AtomicReference<FleetConfig> config = new AtomicReference<>(FleetFile.read(fleetFile));
      try (FleetParts parts = FleetParts.open(context.registry(), settings, config.get());
          Reconciler reconciler = parts.reconciler(config.get(), () -> config.get().fleets(), ReconcileListener.none(), GRACE)) {
        Story story = new Story(out, parts, new FleetSteps(name(), out, parts, reconciler, config), config, fleetFile, wanted);
        try {
          story.versions();
          story.startFleets();
          story.killedContainersComeBack();
          story.strangerLeftAlone();
          story.scaleDownByMetrics();
          story.upgradeByImageTag();
          story.packedNodeRestartedAlone();
        } finally {
          story.cleanUp();
        }
      }
    }
  }

  /** What the fleet file asks for; {@link #write} writes it. */
  record Wanted(String image, int web, int edge, int pair, String version) {
    Wanted web(int count) {
      return new Wanted(image, count, edge, pair, version);
    }

    Wanted edge(int count) {
      return new Wanted(image, web, count, pair, version);
    }

    Wanted version(String value) {
      return new Wanted(image, web, edge, pair, value);
    }

    Wanted none() {
      return new Wanted(image, 0, 0, 0, version);
    }

    void write(Path file) {
      DockerFleetScenario.write(file, """
          # Three fleets of Docker containers. Written by the docker-fleet scenario.
          fleets:
            - name: web
              count: %d
              version: "%s"
              image: "%s:{version}"
              command: demo-node --port {port} --records {index}00
              base_port: 35001
              hosts: [local]
              manager: docker
              cooldown: 0s        # the default 30s would hold back the restart of the container killed below
              metrics: {base_port: 35001, attributes: {records: demo_records_stored}}
            - name: edge
              count: %d
              version: "%s"
              image: "%s:{version}"
              command: demo-node --port {port} --records {index}00
              base_port: 35101
              hosts: [%s]
              manager: docker
              cooldown: 0s
              metrics: {base_port: 35101, attributes: {records: demo_records_stored}}
            - name: pair
              count: %d
              version: "1.0"
              image: "%s:1.0"
              command: demo-node --port {port} --listen 127.0.0.1
              base_port: 35201
              manager: docker
              nodes_per_container: 2
              cooldown: 0s
          policy:
            budgets: {upgrade: 1, add: 4, start: 4, remove: 1}
            thresholds: none
          selector: least-records
          """.formatted(web, version, image, edge, version, image, SSH_HOST, pair, image));
    }
  }

  /** The steps, sharing the reconciler; each checks what it shows. */
  private static final class Story {
    private final PrintWriter out;
    private final FleetParts parts;
    private final FleetSteps steps;
    private final AtomicReference<FleetConfig> config;
    private final Path fleetFile;
    private final Transport transport;
    private Wanted wanted;

    Story(PrintWriter out, FleetParts parts, FleetSteps steps, AtomicReference<FleetConfig> config, Path fleetFile, Wanted wanted) {
      this.out = out;
      this.parts = parts;
      this.steps = steps;
      this.config = config;
      this.fleetFile = fleetFile;
      this.wanted = wanted;
      this.transport = parts.transport();
    }

    void versions() {
      steps.heading("0. Docker on each host, as the docker command there reports it (docker version)");
      for (String host : List.of(ResourceKey.LOCAL, SSH_HOST)) {
        String versions = docker(host, "version", "--format", "client {{.Client.Version}} (API {{.Client.APIVersion}}),"
            + " server {{.Server.Version}} (API {{.Server.APIVersion}})").stdout().strip();
        out.println("   " + host + ": " + versions);
      }
      // A run cut short earlier may have left its containers and the stranger: no record names them now.
      removeLeftovers();
    }

    void startFleets() {
      steps.heading("1. Nothing runs yet: web wants 2 containers on local, edge 2 on " + SSH_HOST + ", pair 2 nodes in one container");
      steps.converge(6);
      steps.expect(steps.live().size() == 6, "6 nodes run, got " + steps.live().size());
      steps.expect(ours().size() == 5, "5 containers carry the instance's label (2 web, 2 edge, 1 packing pair), got " + ours().size());
      showContainers();
      out.println("   web-1 answers on 127.0.0.1:35001: " + page(ResourceKey.LOCAL, 35001, "/"));
      out.println("   edge-1 answers on " + SSH_HOST + "'s 127.0.0.1:35101: " + page(SSH_HOST, 35101, "/"));
    }

    void killedContainersComeBack() {
      steps.heading("2. Two containers are killed from outside: docker kill, on local and over ssh");
      ResourceKey web = ResourceKey.of(DesiredFleet.NODE_KIND, "web-1", ResourceKey.LOCAL);
      ResourceKey edge = ResourceKey.of(DesiredFleet.NODE_KIND, "edge-1", SSH_HOST);
      Map<ResourceKey, String> pids = Map.of(web, pid(web), edge, pid(edge));
      for (ResourceKey key : pids.keySet()) {
        String container = docker().status(key).attributes().get("container");
        out.println("   " + key.host() + "$ docker kill " + container);
        docker(key.host(), "kill", container);
        steps.poll("the killed container to stop", () -> docker().status(key).state() != ProcessState.RUNNING);
        out.println("   " + key.host() + "$ docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' " + container + " -> "
            + docker(key.host(), "inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", container).stdout().strip());
      }
      PassReport report = steps.pass();
      for (ResourceKey key : pids.keySet()) {
        steps.expect(report.plan().actions().stream().anyMatch(a -> a.type() == ActionType.START && a.target().equals(key)),
            "the plan starts " + key + " again");
        steps.expect(!pid(key).equals(pids.get(key)), key + " runs again with a new pid (was " + pids.get(key) + ")");
      }
      out.println("   web-1 answers again: " + page(ResourceKey.LOCAL, 35001, "/"));
    }

    void strangerLeftAlone() {
      steps.heading("3. Someone starts a container of their own named as web-3 would be; web grows to 3");
      docker(ResourceKey.LOCAL, "run", "-d", "--name", STRANGER, wanted.image() + ":1.0", "demo-node", "--port", "8080");
      String before = docker(ResourceKey.LOCAL, "inspect", "-f", "{{.Id}} {{.State.Status}} {{.State.StartedAt}}", STRANGER).stdout().strip();
      out.println("   $ docker run -d --name " + STRANGER + " ... -> " + before);
      rewrite(wanted.web(3));
      PassReport report = steps.pass();
      ResourceKey web3 = ResourceKey.of(DesiredFleet.NODE_KIND, "web-3", ResourceKey.LOCAL);
      steps.expect(report.failures().stream().anyMatch(f -> f.action().target().equals(web3)
          && f.detail().contains("will not start, stop or remove it")), "adding web-3 is refused because of the stranger");
      String after = docker(ResourceKey.LOCAL, "inspect", "-f", "{{.Id}} {{.State.Status}} {{.State.StartedAt}}", STRANGER).stdout().strip();
      steps.expect(after.equals(before), "the stranger's container is left as it was (" + before + "), not " + after);
      out.println("   The stranger is untouched: " + after);
      out.println("   $ docker rm -f " + STRANGER + "   (its owner takes it away)");
      docker(ResourceKey.LOCAL, "rm", "-f", STRANGER);
      // The failed add waits out its backoff (a second or so) before it is tried again.
      for (int i = 0; i < 10 && !running(web3); i++) {
        sleep(Duration.ofSeconds(1));
        steps.pass();
      }
      steps.expect(running(web3), "web-3 runs once the name is free");
    }

    void scaleDownByMetrics() {
      steps.heading("4. web and edge shrink to 1 container each; 'least-records' ranks by demo_records_stored scraped from each page");
      rewrite(wanted.web(1).edge(1));
      for (int i = 0; i < 8; i++) {
        PassReport report = steps.pass();
        steps.expectFewestRecordsWent(report, "web");
        steps.expectFewestRecordsWent(report, "edge");
        if (FleetSteps.quiet(report)) {
          break;
        }
      }
      steps.expect(count("web-") == 1 && count("edge-") == 1, "one web and one edge node are left");
      showContainers();
    }

    void upgradeByImageTag() {
      steps.heading("5. Version 2.0 is wanted, image tag :2.0; the budget allows 1 upgrade in flight");
      rewrite(wanted.web(2).edge(2));
      steps.converge(8);
      rewrite(wanted.version("2.0"));
      int passes = 0;
      while (steps.live().stream().anyMatch(r -> !r.key().name().startsWith("pair-") && !FleetSteps.version(r).equals("2.0")) && passes++ < 10) {
        PassReport report = steps.pass();
        long upgrades = report.plan().actions().stream().filter(a -> a.type() == ActionType.UPGRADE).count();
        steps.expect(upgrades <= 1, "at most 1 upgrade per pass, got " + upgrades);
      }
      steps.converge(4);
      for (ResourceRecord record : steps.live()) {
        if (record.key().name().startsWith("pair-")) {
          continue;
        }
        ProcessStatus status = docker().status(record.key());
        steps.expect(status.state() == ProcessState.RUNNING && status.attributes().getOrDefault("image", "").endsWith(":2.0"),
            record.key() + " runs image :2.0 (" + status.attributes() + ")");
      }
      out.println("   web-1 answers: " + page(ResourceKey.LOCAL, 35001, "/"));
      out.println("   edge-2 answers: " + page(SSH_HOST, 35102, "/"));
      steps.expect(page(ResourceKey.LOCAL, 35001, "/").equals("web-1 2.0"), "web-1's page says 2.0");
      steps.expect(ours().size() == 5, "still 5 containers by label: the old ones are gone, got " + ours().size());
      showContainers();
    }

    void packedNodeRestartedAlone() {
      steps.heading("6. pair-1 and pair-2 share one container; pair-1's process is killed inside it");
      ResourceKey one = ResourceKey.of(DesiredFleet.NODE_KIND, "pair-1", ResourceKey.LOCAL);
      ResourceKey two = ResourceKey.of(DesiredFleet.NODE_KIND, "pair-2", ResourceKey.LOCAL);
      ProcessStatus first = docker().status(one);
      ProcessStatus second = docker().status(two);
      String container = first.attributes().get("container");
      steps.expect(container != null && container.equals(second.attributes().get("container")),
          "both run in one container (" + first.attributes().get("container") + ", " + second.attributes().get("container") + ")");
      out.println("   $ docker exec " + container + " ps");
      // The supervisors' scripts are long: each line is cut, enough to tell a node from its supervisor.
      docker(ResourceKey.LOCAL, "exec", container, "ps").stdout().lines()
          .forEach(line -> out.println("     " + (line.length() > 100 ? line.substring(0, 100) + " ..." : line)));
      // A packed node's pid is the one its container sees.
      String inside = Long.toString(first.pid().orElseThrow(() -> new StewardException("pair-1 reports no pid: " + first)));
      out.println("   $ docker exec " + container + " kill -9 " + inside + "   (pair-1's process)");
      docker(ResourceKey.LOCAL, "exec", container, "kill", "-9", inside);
      steps.poll("pair-1 to die", () -> docker().status(one).state() != ProcessState.RUNNING);
      out.println("   pair-1 is " + docker().status(one).state() + "; pair-2 is " + docker().status(two).state());
      PassReport report = steps.pass();
      steps.expect(report.plan().actions().stream().anyMatch(a -> a.type() == ActionType.START && a.target().equals(one)),
          "the plan starts pair-1 again");
      steps.expect(report.plan().actions().stream().noneMatch(a -> a.target().equals(two) && a.type() != ActionType.SURVEY),
          "nothing is done to pair-2");
      ProcessStatus restarted = docker().status(one);
      ProcessStatus neighbour = docker().status(two);
      steps.expect(restarted.state() == ProcessState.RUNNING && !restarted.pid().equals(first.pid()), "pair-1 runs again with a new pid");
      steps.expect(neighbour.pid().equals(second.pid()) && neighbour.startedAt().equals(second.startedAt()),
          "pair-2 kept its process (pid " + second.pid() + ")");
      steps.expect(container.equals(restarted.attributes().get("container")), "pair-1 runs in the same container again");
      out.println("   pair-1 runs again (pid " + restarted.pid().orElse(-1) + "), pair-2 kept pid " + neighbour.pid().orElse(-1)
          + "; the container was not restarted");
    }

    void cleanUp() {
      steps.heading("Cleaning up: every fleet wants 0 nodes");
      try {
        docker(ResourceKey.LOCAL, "rm", "-f", STRANGER);
        rewrite(wanted.none());
        steps.converge(8);
        out.println("   " + ours().size() + " container(s) with the instance's label left");
      } catch (RuntimeException e) {
        out.println("   Cleaning up failed: " + e.getMessage());
      }
    }

    private void removeLeftovers() {
      List<String> left = ours();
      if (!left.isEmpty()) {
        out.println("   Removing " + left.size() + " container(s) an earlier run left");
        docker(ResourceKey.LOCAL, concat(List.of("rm", "-f"), left));
      }
      docker(ResourceKey.LOCAL, "rm", "-f", STRANGER);
    }

    /** The ids of every container labelled as this instance's, on this machine's engine. */
    private List<String> ours() {
      return docker(ResourceKey.LOCAL, "ps", "-aq", "--no-trunc", "--filter", "label=dev.steward.instance=" + INSTANCE).stdout()
          .lines().filter(l -> !l.isBlank()).toList();
    }

    private void showContainers() {
      out.println("   $ docker ps -a --filter label=dev.steward.instance=" + INSTANCE);
      docker(ResourceKey.LOCAL, "ps", "-a", "--filter", "label=dev.steward.instance=" + INSTANCE, "--format",
          "table {{.Names}}\t{{.Image}}\t{{.Status}}\t{{.Ports}}\t{{.Label \"dev.steward.host\"}}").stdout().lines()
          .forEach(line -> out.println("     " + line));
    }

    private String page(String host, int port, String path) {
      return HttpText.get(transport, host, port, path, Duration.ofSeconds(5), 4096).strip();
    }

    private boolean running(ResourceKey key) {
      return parts.store().find(key).map(r -> r.state().equals(dev.steward.NodeLifecycle.RUNNING)).orElse(false);
    }

    private long count(String prefix) {
      return steps.live().stream().filter(r -> r.key().name().startsWith(prefix)).count();
    }

    private String pid(ResourceKey key) {
      return parts.store().get(key).attribute(NodeAttributes.PID).orElse("");
    }

    private void rewrite(Wanted next) {
      wanted = next;
      next.write(fleetFile);
      config.set(FleetFile.read(fleetFile));
    }

    private ProcessManager docker() {
      return parts.manager("docker").orElseThrow();
    }

    private CommandResult docker(String host, String... args) {
      return docker(host, List.of(args));
    }

    private CommandResult docker(String host, List<String> args) {
      CommandResult result = transport.run(host, Command.of(concat(List.of("docker"), args)).withTimeout(Duration.ofSeconds(60)));
      if (!result.succeeded() && !args.get(0).equals("rm")) {
        throw new StewardException("'" + result.command().display() + "' failed on " + host + ": " + result.stderr().strip());
      }
      return result;
    }

    private static void sleep(Duration duration) {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StewardException("Interrupted", e);
      }
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new java.util.ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static Properties labProperties(String variable, Path fallback, String file, String start) {
    Path path = Path.of(System.getenv().getOrDefault(variable, fallback.toString())).resolve(file);
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(path)) {
      properties.load(in);
    } catch (IOException e) {
      throw new StewardException("The docker-fleet scenario runs on the lab, and " + path + " cannot be read (" + e.getMessage()
          + "). Start it first, as root: " + start + " (or point " + variable + " at the lab's directory).", e);
    }
    return properties;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new StewardException("Could not write " + file + ": " + e.getMessage(), e);
    }
  }
}
