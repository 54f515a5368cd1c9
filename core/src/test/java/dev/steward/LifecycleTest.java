package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleTest {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final Lifecycle NODE = NodeLifecycle.LIFECYCLE;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "PLANNED, CREATING", "PLANNED, REMOVED", "CREATING, STARTING", "STARTING, RUNNING",
      "RUNNING, UPGRADING", "UPGRADING, RUNNING", "RUNNING, STOPPING", "STOPPING, STOPPED",
      "STOPPED, STARTING", "STOPPED, REMOVING", "REMOVING, REMOVED", "RUNNING, FAILED",
      "FAILED, PLANNED", "FAILED, STARTING", "FAILED, REMOVING", "STOPPED, DEAD", "DEAD, STARTING"})
  void allowsTransitionsListedInTheNodeTable(String from, String to) {
    assertThat(NODE.allows(from, to)).isTrue();
    assertThatCode(() -> NODE.check(WEB_1, from, to)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({"PLANNED", "RUNNING", "STOPPED", "FAILED", "REMOVED"})
  void allowsWritingTheSameStateAgainEvenWhenTerminal(String state) {
    assertThat(NODE.allows(state, state)).isTrue();
    assertThatCode(() -> NODE.check(WEB_1, state, state)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "STOPPED, UPGRADING", "PLANNED, RUNNING", "RUNNING, PLANNED", "REMOVING, DEAD",
      "STOPPED, FAILED", "UPGRADING, STOPPING", "CREATING, REMOVED"})
  void refusesTransitionsMissingFromTheNodeTable(String from, String to) {
    assertThat(NODE.allows(from, to)).isFalse();
    assertThatThrownBy(() -> NODE.check(WEB_1, from, to)).isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void refusesTransitionFromStoppedToUpgradingNamingRecordStatesAndAllowedTargets() {
    IllegalTransitionException refused = catchThrowableOfType(
        () -> NODE.check(WEB_1, NodeLifecycle.STOPPED, NodeLifecycle.UPGRADING), IllegalTransitionException.class);

    assertThat(refused).hasMessage("Refused to move node/web-1@local from STOPPED to UPGRADING: "
        + "lifecycle 'node' allows STOPPED -> STARTING, REMOVING, DEAD only");
    assertThat(refused.key()).isEqualTo(WEB_1);
    assertThat(refused.lifecycle()).isEqualTo("node");
    assertThat(refused.from()).isEqualTo("STOPPED");
    assertThat(refused.to()).isEqualTo("UPGRADING");
    assertThat(refused.allowedTargets()).containsExactly("STARTING", "REMOVING", "DEAD");
  }

  @Test
  void refusesTransitionFromPlannedToRunningListingWhatPlannedMayDo() {
    ResourceKey remote = ResourceKey.of("node", "db-2", "10.0.0.7");
    IllegalTransitionException refused = catchThrowableOfType(
        () -> NODE.check(remote, "PLANNED", "RUNNING"), IllegalTransitionException.class);

    assertThat(refused).hasMessage("Refused to move node/db-2@10.0.0.7 from PLANNED to RUNNING: "
        + "lifecycle 'node' allows PLANNED -> CREATING, REMOVED only");
    assertThat(refused.allowedTargets()).containsExactly("CREATING", "REMOVED");
  }

  @Test
  void refusesAnyMoveOutOfTheTerminalRemovedState() {
    IllegalTransitionException refused = catchThrowableOfType(
        () -> NODE.check(WEB_1, "REMOVED", "PLANNED"), IllegalTransitionException.class);

    assertThat(refused).hasMessage("Refused to move node/web-1@local from REMOVED to PLANNED: "
        + "REMOVED is a terminal state of lifecycle 'node'; nothing may follow it");
    assertThat(refused.allowedTargets()).isEmpty();
    assertThat(NODE.isTerminal("REMOVED")).isTrue();
    assertThat(NODE.terminalStates()).containsExactly("REMOVED");
  }

  @Test
  void refusesAnUnknownTargetStateListingTheStatesOfTheTable() {
    IllegalTransitionException refused = catchThrowableOfType(
        () -> NODE.check(WEB_1, "RUNNING", "PAUSED"), IllegalTransitionException.class);

    assertThat(refused).hasMessage("Refused to move node/web-1@local from RUNNING to PAUSED: "
        + "PAUSED is not a state of lifecycle 'node' (states: PLANNED, CREATING, REMOVED, STARTING, RUNNING, "
        + "STOPPING, UPGRADING, STOPPED, REMOVING, FAILED, DEAD)");
    assertThat(refused.from()).isEqualTo("RUNNING");
    assertThat(refused.to()).isEqualTo("PAUSED");
    assertThat(refused.allowedTargets()).containsExactly("UPGRADING", "STOPPING", "FAILED", "DEAD");
  }

  @Test
  void refusesToMoveARecordWhoseCurrentStateIsUnknownEvenToItself() {
    assertThat(NODE.allows("PAUSED", "PAUSED")).isFalse();

    IllegalTransitionException refused = catchThrowableOfType(
        () -> NODE.check(WEB_1, "PAUSED", "RUNNING"), IllegalTransitionException.class);

    assertThat(refused).hasMessageStartingWith("Refused to move node/web-1@local from PAUSED to RUNNING: "
        + "PAUSED is not a state of lifecycle 'node' (states: PLANNED, ");
    assertThat(refused.allowedTargets()).isEmpty();
  }

  @Test
  void describesItsStatesInDeclarationOrderWithUnmodifiableViews() {
    assertThat(NODE.name()).isEqualTo("node");
    assertThat(NODE.initialState()).isEqualTo("PLANNED");
    assertThat(NODE.states()).containsExactly("PLANNED", "CREATING", "REMOVED", "STARTING", "RUNNING",
        "STOPPING", "UPGRADING", "STOPPED", "REMOVING", "FAILED", "DEAD");
    assertThat(NODE.contains("RUNNING")).isTrue();
    assertThat(NODE.contains("running")).isFalse();
    assertThat(NODE.allowedTargets("NOT_A_STATE")).isEmpty();
    assertThatThrownBy(() -> NODE.states().add("X")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> NODE.allowedTargets("RUNNING").add("X")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> NODE.terminalStates().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void exceptionCarriesAllowedTargetsThatCannotBeChanged() {
    IllegalTransitionException refused = catchThrowableOfType(
        () -> NODE.check(WEB_1, "STOPPED", "UPGRADING"), IllegalTransitionException.class);

    assertThatThrownBy(() -> refused.allowedTargets().add("UPGRADING"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(NODE.allows("STOPPED", "UPGRADING")).isFalse();
  }

  @Test
  void customTableRefusesSkippingAStepWithTheTablesName() {
    Lifecycle job = Lifecycle.builder("batch-job")
        .initial("QUEUED")
        .allow("QUEUED", "RUNNING", "CANCELLED")
        .allow("RUNNING", "DONE")
        .terminal("DONE", "CANCELLED")
        .build();

    assertThatThrownBy(() -> job.check(ResourceKey.local("job", "nightly"), "QUEUED", "DONE"))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("Refused to move job/nightly@local from QUEUED to DONE: "
            + "lifecycle 'batch-job' allows QUEUED -> RUNNING, CANCELLED only");
    assertThat(job.allowedTargets("QUEUED")).isEqualTo(Set.of("RUNNING", "CANCELLED"));
    assertThat(job.terminalStates()).containsExactly("DONE", "CANCELLED");
    assertThat(List.copyOf(job.states())).containsExactly("QUEUED", "RUNNING", "CANCELLED", "DONE");
  }
}
