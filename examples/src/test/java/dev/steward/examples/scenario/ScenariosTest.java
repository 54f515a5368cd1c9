package dev.steward.examples.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scenarios")
class ScenariosTest {
  @Test
  @DisplayName("the built-in scenarios start with the local fleet, the main one")
  void builtInsStartWithTheLocalFleet() {
    assertThat(Scenarios.builtIn().names()).containsExactly("local-fleet", "systemd-fleet", "docker-fleet", "lifecycle", "pipeline", "forward-status", "proxmox-sync", "mount-drift", "two-managers");
    assertThat(Scenarios.builtIn().find("pipeline")).get().isInstanceOf(PipelineScenario.class);
    assertThat(Scenarios.builtIn().find("lifecycle")).get().isInstanceOf(LifecycleScenario.class);
    assertThat(Scenarios.builtIn().find("nope")).isEmpty();
  }

  @Test
  @DisplayName("refuses two scenarios with one name")
  void refusesDuplicateNames() {
    assertThatThrownBy(() -> Scenarios.of(new LifecycleScenario(), new LifecycleScenario()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Two scenarios are named 'lifecycle': ");
  }

  @Test
  @DisplayName("the pipeline lifecycle lets every step fail and a failed item start over")
  void pipelineLifecycleAllowsFailureFromEveryStep() {
    var pipeline = LifecycleScenario.PIPELINE;
    for (String state : pipeline.states()) {
      if (!pipeline.isTerminal(state) && !state.equals("FAILED")) {
        assertThat(pipeline.allows(state, "FAILED")).as(state + " -> FAILED").isTrue();
      }
    }
    assertThat(pipeline.allowedTargets("FAILED")).containsExactly("DISCOVERED");
    assertThat(pipeline.terminalStates()).containsExactly("COMPLETE");
  }
}
