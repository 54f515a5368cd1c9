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
  @DisplayName("lists the scenarios, the local fleet first, each with its one-line description")
  void listsTheLifecycleScenario() {
    Cli.Result result = cli().run("scenarios");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out().lines().toList()).startsWith(
        "SCENARIO        DESCRIPTION",
        "local-fleet     the reconcile loop keeping real local processes in shape: a killed node restarted, "
            + "a scale-down by the node selector, an upgrade within its budget, bad nodes kept apart",
        "systemd-fleet   real hosts over ssh (the lab's containers): systemd units and ufw ports on two hosts, a killed unit restarted, "
            + "a scale-down by scraped metrics, a rolling upgrade, a host down and back",
        "docker-fleet    nodes as Docker containers, locally and over ssh: a killed container restarted, a same-named stranger left alone, "
            + "a scale-down by scraped metrics, an upgrade by image tag, two nodes packed in one container",
        "lifecycle       walks records through the node lifecycle and a custom pipeline lifecycle; "
            + "shows refused transitions and failure bookkeeping");
    assertThat(result.out()).endsWith("Run one with: steward run SCENARIO\n");
  }

  @Test
  @DisplayName("--json lists the scenarios with their names and descriptions")
  void printsJson() throws Exception {
    Cli.Result result = cli().run("scenarios", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode scenarios = new ObjectMapper().readTree(result.out()).get("scenarios");
    assertThat(scenarios).extracting(s -> s.get("name").asText()).containsExactly("local-fleet", "systemd-fleet", "docker-fleet", "lifecycle", "pipeline", "forward-status", "proxmox-sync", "mount-drift", "two-managers");
    assertThat(scenarios.get(3).get("description").asText()).startsWith("walks records through the node lifecycle");
  }
}
