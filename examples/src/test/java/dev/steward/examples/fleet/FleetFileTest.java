package dev.steward.examples.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ActionType;
import dev.steward.ProcessSpec;
import dev.steward.node.DesiredFleet;
import dev.steward.plan.Budgets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetFileTest {
  private static final Path YAML = Path.of("fleet.yaml");

  @Test
  void readsAFleetWithItsPolicy() {
    FleetConfig config = FleetFile.parse(YAML, """
        fleets:
          - name: web
            count: 3
            version: "1.0"
            command: java -cp steward.jar Demo --port {port} --version {version}
            base_port: 18080
            env: {MODE: demo}
        policy:
          budgets: {upgrade: 1, add: 2}
          thresholds: {cpu_add_below: 70}
        selector: oldest
        interval: 2s
        """);

    DesiredFleet web = config.fleets().get(0);
    assertThat(web.count()).isEqualTo(3);
    assertThat(ProcessSpec.argv(web.specFor(2))).containsExactly("java", "-cp", "steward.jar", "Demo", "--port", "18081", "--version", "1.0");
    assertThat(web.specFor(2).property("env.MODE")).contains("demo");
    assertThat(config.policy().budgets().limit(ActionType.UPGRADE)).hasValue(1);
    assertThat(config.policy().budgets().limit(ActionType.REMOVE)).as("the standard budget where the file names none").hasValue(1);
    assertThat(web.options().cooldown()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.policy().thresholds().cpuAddBelow()).isEqualTo(70);
    assertThat(config.policy().thresholds().cpuRemoveAbove()).isEqualTo(95);
    assertThat(config.selector()).contains("oldest");
    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aFileWithoutBudgetsGetsTheStandardOnes() {
    FleetConfig noPolicy = FleetFile.parse(YAML, "fleets: []\n");
    FleetConfig noBudgets = FleetFile.parse(YAML, "fleets: []\npolicy:\n  thresholds: none\n");

    assertThat(noPolicy.policy().budgets()).isEqualTo(Budgets.standard());
    assertThat(noBudgets.policy().budgets()).isEqualTo(Budgets.standard());
    assertThat(noBudgets.policy().budgets().limit(ActionType.REMOVE)).hasValue(1);
  }

  @Test
  void thresholdsCanBeTurnedOff() {
    FleetConfig config = FleetFile.parse(YAML, "fleets: []\npolicy:\n  thresholds: none\n");

    assertThat(config.policy().thresholds()).isEqualTo(dev.steward.node.Thresholds.NONE);
    assertThatThrownBy(() -> FleetFile.parse(YAML, "fleets: []\npolicy:\n  thresholds: some\n"))
        .hasMessageContaining("thresholds are 'none' or a map of figures");
  }

  @Test
  void readsJsonWhenTheNameSaysSo() {
    FleetConfig config = FleetFile.parse(Path.of("fleet.json"),
        "{\"fleets\": [{\"name\": \"api\", \"count\": 1, \"version\": \"2\", \"command\": \"sleep 100\"}]}");

    assertThat(config.fleets()).extracting(DesiredFleet::name).containsExactly("api");
    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void anUnknownFieldNamesItsLineAndTheFieldMeant() {
    assertThatThrownBy(() -> FleetFile.parse(YAML, """
        fleets:
          - name: web
            cuont: 3
            version: "1.0"
            command: sleep 100
        """))
        .isInstanceOf(FleetFileException.class)
        .hasMessageStartingWith("fleet.yaml, line 3, column 13 (fleets[0].cuont): unknown field 'cuont'; did you mean 'count'?")
        .satisfies(e -> assertThat(((FleetFileException) e).line()).isEqualTo(3));
  }

  @Test
  void aBadValueSaysWhatWasWrongAndWhere() {
    assertThatThrownBy(() -> FleetFile.parse(YAML, """
        fleets:
          - name: web
            count: -2
            version: "1.0"
            command: sleep 100
        """))
        .isInstanceOf(FleetFileException.class)
        .hasMessageStartingWith("fleet.yaml, line 3, column 12 (fleets[0].count): a fleet wants 0 or more nodes, got -2");
    assertThatThrownBy(() -> FleetFile.parse(YAML, """
        fleets:
          - name: web
            count: three
            version: "1.0"
            command: sleep 100
        """))
        .isInstanceOf(FleetFileException.class)
        .hasMessageStartingWith("fleet.yaml, line 3, column 12 (fleets[0].count): ");
  }

  @Test
  void missingFieldsBrokenQuotingDuplicatesAndEmptyFilesAreRefused() {
    assertThatThrownBy(() -> FleetFile.parse(YAML, "fleets:\n  - name: web\n    count: 1\n    version: '1'\n"))
        .hasMessageContaining("command");
    assertThatThrownBy(() -> FleetFile.parse(YAML, "fleets:\n  - name: web\n    count: 1\n    version: '1'\n    command: \"echo 'oops\"\n"))
        .hasMessage("fleet.yaml, line 2 (fleets[0]): The command of node/web-1@local cannot be read: the single quote at position 5 is not closed");
    assertThatThrownBy(() -> FleetFile.parse(YAML, "fleets:\n  - name: web\n    name: api\n    count: 1\n    version: '1'\n    command: x\n"))
        .hasMessageContaining("line 3").hasMessageContaining("Duplicate field 'name'");
    assertThatThrownBy(() -> FleetFile.parse(YAML, """
        fleets:
          - {name: web, count: 1, version: "1", command: x}
          - {name: web, count: 2, version: "1", command: x}
        """))
        .hasMessage("fleet.yaml, line 3 (fleets[1].name): two fleets are named 'web'; fleet names must be unique (list several hosts in one fleet's 'hosts')");
    assertThatThrownBy(() -> FleetFile.parse(YAML, ""))
        .hasMessage("fleet.yaml: the file is empty; it needs at least 'fleets:'");
    assertThatThrownBy(() -> FleetFile.parse(YAML, "fleets:\n  - {name: web, count: 1, version: '1', command: x}\npolicy:\n  budgets: {upgrades: 1}\n"))
        .hasMessageContaining("unknown action 'upgrades' in budgets; use add, remove, upgrade, start, stop or restart");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> FleetFile.read(Path.of("/nonexistent/fleet.yaml")))
        .hasMessage("/nonexistent/fleet.yaml: no such file; give the path of a fleet file (YAML or JSON)");
  }

  @Test
  void aFleetOverSeveralHostsWithItsManagerFirewallPortsAndMetricsIsOneFleetPerHost() {
    FleetConfig config = FleetFile.parse(YAML, """
        fleets:
          - name: relay
            count: 2
            version: "3"
            command: /opt/relay/bin/relay --listen {port} --rpc {port.rpc} --metrics {metrics_port} --on {host}
            base_port: 30000
            protocol: udp
            ports: {rpc: 31000/tcp}
            hosts: [steward-host-1, "10.0.0.7:2222"]
            manager: systemd
            firewall: ufw
            on_dead: remove
            cooldown: 30s
            metrics:
              base_port: 32000
              attributes: {records: relay_records_stored, shunned: relay_peers_shunned}
        """);

    assertThat(config.fleets()).extracting(DesiredFleet::host).containsExactly("steward-host-1", "10.0.0.7:2222");
    DesiredFleet relay = config.fleets().get(1);
    assertThat(relay.options().manager()).isEqualTo("systemd");
    assertThat(relay.options().firewall()).isEqualTo("ufw");
    assertThat(relay.options().onDead()).isEqualTo(dev.steward.node.FleetOptions.DeadNodePolicy.REMOVE);
    assertThat(relay.options().cooldown()).isEqualTo(Duration.ofSeconds(30));
    assertThat(relay.options().metrics().orElseThrow().path()).isEqualTo("/metrics");
    dev.steward.Spec spec = relay.specFor(2);
    assertThat(ProcessSpec.argv(spec)).containsExactly("/opt/relay/bin/relay", "--listen", "30001", "--rpc", "31001",
        "--metrics", "32001", "--on", "10.0.0.7:2222");
    assertThat(ProcessSpec.ports(spec)).extracting(p -> p.name() + "=" + p.number() + "/" + ProcessSpec.protocolName(p.protocol()))
        .containsExactly("port=30001/udp", "rpc=31001/tcp");
    assertThat(spec.property(ProcessSpec.MANAGER)).contains("systemd");
    assertThat(spec.property(ProcessSpec.METRICS_PORT)).contains("32001");
  }

  @Test
  void badHostsProtocolsAndPoliciesAreNamedWithWhatToWrite() {
    String base = "fleets:\n  - name: web\n    count: 1\n    version: '1'\n    command: run\n";
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    host: a\n    hosts: [b]\n"))
        .hasMessageContaining("give either 'host' or 'hosts', not both");
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    hosts: [a, a]\n"))
        .hasMessageContaining("'hosts' names a host twice: [a, a]");
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    protocol: sctp\n"))
        .hasMessageContaining("protocol 'sctp' is neither tcp nor udp");
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    ports: {rpc: fast}\n"))
        .hasMessageContaining("port rpc is 'fast': write BASE/PROTOCOL, e.g. 19080/tcp");
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    on_dead: retry\n"))
        .hasMessageContaining("on_dead is 'restart' or 'remove', not 'retry'");
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    metrics: {base_port: 9100}\n"))
        .hasMessageContaining("'metrics.attributes' is missing");
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    manger: systemd\n"))
        .hasMessageContaining("unknown field 'manger'; did you mean 'manager'?");
  }

  @Test
  void aDockerFleetNamesItsImageAndMayLeaveTheCommandToIt() {
    FleetConfig config = FleetFile.parse(YAML, """
        fleets:
          - name: cache
            count: 1
            version: "7"
            image: "redis:{version}"
            manager: docker
            properties: {memory: 64m, pull: never}
          - name: job
            count: 1
            version: "1"
            image: busybox:1.36
            command: sleep 600
            manager: docker
        """);

    dev.steward.Spec cache = config.fleets().get(0).specFor(1);
    assertThat(cache.property("image")).contains("redis:7");
    assertThat(cache.property(ProcessSpec.COMMAND)).isEmpty();
    assertThat(cache.property("memory")).contains("64m");
    assertThat(cache.property("pull")).contains("never");
    assertThat(ProcessSpec.argv(config.fleets().get(1).specFor(1))).containsExactly("sleep", "600");
    String base = "fleets:\n  - name: web\n    count: 1\n    version: '1'\n";
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    manager: docker\n    command: run\n"))
        .hasMessageContaining("'image' is missing: a fleet run by the docker manager names the image its containers run");
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    command: run\n    properties: {command: other}\n"))
        .hasMessageContaining("property 'command' is set by a field of its own");
    assertThat(FleetFile.parse(YAML, base + "    command: run\n").fleets().get(0).template()).doesNotContainKey("image");
  }

  @Test
  void packsNodesIntoContainersForTheDockerManager() {
    FleetConfig config = FleetFile.parse(YAML, """
        fleets:
          - name: pair
            count: 3
            version: "1"
            image: steward/demo-node:1.0
            command: demo-node --port {port}
            base_port: 35201
            manager: docker
            nodes_per_container: 2
        """);

    dev.steward.Spec third = config.fleets().get(0).specFor(3);
    assertThat(third.property("pack.size")).contains("2");
    assertThat(third.property("pack.group")).contains("pair");
    assertThat(third.property("pack.index")).contains("3");
    String base = "fleets:\n  - name: web\n    count: 1\n    version: '1'\n    command: run\n";
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    nodes_per_container: 2\n"))
        .hasMessageContaining("'nodes_per_container' packs nodes into containers: it needs 'manager: docker'");
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    manager: docker\n    image: i\n    nodes_per_container: 0\n"))
        .hasMessageContaining("'nodes_per_container' is 0: give a number from 1 to 64");
    assertThatThrownBy(() -> FleetFile.parse(YAML, base + "    properties: {pack.size: '2'}\n"))
        .hasMessageContaining("property 'pack.size' is set by a field of its own");
    assertThat(FleetFile.parse(YAML, base + "    manager: docker\n    image: i\n    nodes_per_container: 1\n").fleets().get(0)
        .template()).doesNotContainKey("pack.size");
  }
}
