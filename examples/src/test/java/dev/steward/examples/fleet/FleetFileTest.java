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
    assertThat(config.policy().budgets().limit(ActionType.REMOVE)).isEmpty();
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
        .hasMessage("fleet.yaml, line 3 (fleets[1].name): two fleets are named 'web'; fleet names must be unique");
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
}
