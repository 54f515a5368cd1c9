package dev.steward.examples.cli;

import static dev.steward.examples.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("steward scenarios")
class ScenariosCommandTest {
  @Test
  @DisplayName("lists the lifecycle scenario with its one-line description")
  void listsTheLifecycleScenario() {
    Cli.Result result = cli().run("scenarios");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out().lines().toList()).startsWith(
        "SCENARIO   DESCRIPTION",
        "lifecycle  walks records through the node lifecycle and a custom pipeline lifecycle; "
            + "shows refused transitions and failure bookkeeping");
    assertThat(result.out()).endsWith("Run one with: steward run SCENARIO\n");
  }

  @Test
  @DisplayName("--json lists the scenarios with their names and descriptions")
  void printsJson() throws Exception {
    Cli.Result result = cli().run("scenarios", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode scenarios = new ObjectMapper().readTree(result.out()).get("scenarios");
    assertThat(scenarios).extracting(s -> s.get("name").asText()).containsExactly("lifecycle", "pipeline");
    assertThat(scenarios.get(0).get("description").asText()).startsWith("walks records through the node lifecycle");
  }
}
