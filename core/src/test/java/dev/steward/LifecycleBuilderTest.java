package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleBuilderTest {

  @Test
  void refusesATableWithoutAnInitialState() {
    Lifecycle.Builder builder = Lifecycle.builder("job").allow("A", "B").terminal("B");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Lifecycle 'job' is not valid: no initial state: call initial(STATE)");
  }

  @Test
  void refusesAStateThatCannotBeReached() {
    Lifecycle.Builder builder = Lifecycle.builder("job")
        .initial("A").allow("A", "B").allow("ORPHAN", "B").terminal("B");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Lifecycle 'job' is not valid: ORPHAN cannot be reached from A");
  }

  @Test
  void refusesANonTerminalStateWithNoWayOut() {
    Lifecycle.Builder builder = Lifecycle.builder("job").initial("A").allow("A", "STUCK", "B").terminal("B");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Lifecycle 'job' is not valid: STUCK has no way out; allow a transition from it or mark it terminal");
  }

  @Test
  void treatsATransitionToItselfAsNoWayOut() {
    Lifecycle.Builder builder = Lifecycle.builder("job").initial("A").allow("A", "A");

    assertThatThrownBy(builder::build)
        .hasMessage("Lifecycle 'job' is not valid: A has no way out; allow a transition from it or mark it terminal");
  }

  @Test
  void refusesATerminalStateWithAWayOut() {
    Lifecycle.Builder builder = Lifecycle.builder("job")
        .initial("A").allow("A", "DONE").allow("DONE", "A", "B").allow("B", "A").terminal("DONE");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Lifecycle 'job' is not valid: DONE is terminal but may move to A, B");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    Lifecycle.Builder builder = Lifecycle.builder("job")
        .states("A", "B", "C", "D", "E")
        .initial("A")
        .allow("A", "B")
        .allow("C", "A")
        .allow("E", "A")
        .terminal("B", "E");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Lifecycle 'job' is not valid: C cannot be reached from A; D cannot be reached from A; "
            + "E cannot be reached from A; D has no way out; allow a transition from it or mark it terminal; "
            + "E is terminal but may move to A");
  }

  @Test
  void acceptsASingleStateThatIsBothInitialAndTerminal() {
    Lifecycle once = Lifecycle.builder("once").initial("DONE").terminal("DONE").build();

    assertThat(once.states()).containsExactly("DONE");
    assertThat(once.allows("DONE", "DONE")).isTrue();
  }

  @Test
  void refusesALifecycleNameThatIsNotLowercase() {
    assertThatThrownBy(() -> Lifecycle.builder("Job"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Lifecycle name 'Job' is not valid: use lowercase letters, digits and '-', starting with a letter");
    assertThatThrownBy(() -> Lifecycle.builder("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Lifecycle.builder("1job")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Lifecycle.builder(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void refusesStateNamesThatAreNotUppercaseIdentifiers() {
    Lifecycle.Builder builder = Lifecycle.builder("job");

    assertThatThrownBy(() -> builder.initial("running"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("State 'running' of lifecycle 'job' is not valid: use uppercase letters, digits and '_', starting with a letter");
    assertThatThrownBy(() -> builder.allow("A", "B C")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.terminal("_DONE")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.states("A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.states((String) null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void builtTableDoesNotChangeWhenTheBuilderIsUsedAgain() {
    Lifecycle.Builder builder = Lifecycle.builder("job").initial("A").allow("A", "B").terminal("B");
    Lifecycle first = builder.build();

    builder.allow("A", "C").allow("C", "B");
    Lifecycle second = builder.build();

    assertThat(first.states()).containsExactly("A", "B");
    assertThat(first.allowedTargets("A")).containsExactly("B");
    assertThat(first.allows("A", "C")).isFalse();
    assertThat(second.allowedTargets("A")).containsExactly("B", "C");
  }

  @Test
  void allowFromEachAddsTheSameTargetToEveryState() {
    Lifecycle table = Lifecycle.builder("job")
        .initial("A").allow("A", "B").allow("B", "C")
        .allowFromEach(List.of("A", "B"), "FAILED")
        .allow("FAILED", "A")
        .terminal("C")
        .build();

    assertThat(table.allowedTargets("A")).containsExactly("B", "FAILED");
    assertThat(table.allowedTargets("B")).containsExactly("C", "FAILED");
    assertThat(table.allows("C", "FAILED")).isFalse();
  }

  @Test
  void declaresWhereARetryGoesAndWhichPathsAStateNeeds() {
    Lifecycle table = Lifecycle.builder("job")
        .initial("A").allow("A", "B", "FAILED").allow("B", "C", "FAILED").allow("FAILED", "A")
        .retry("FAILED", "A")
        .requirePaths("B", "workdir").requirePaths("B", "output")
        .terminal("C")
        .build();

    assertThat(table.retryTarget("FAILED")).contains("A");
    assertThat(table.retryTarget("B")).isEmpty();
    assertThat(table.requiredPaths("B")).containsExactly("workdir", "output");
    assertThat(table.requiredPaths("A")).isEmpty();
    assertThat(NodeLifecycle.LIFECYCLE.retryTarget(NodeLifecycle.FAILED)).contains(NodeLifecycle.PLANNED);
  }

  @Test
  void refusesARetryTheTableDoesNotAllow() {
    assertThatThrownBy(() -> Lifecycle.builder("job").initial("A").allow("A", "FAILED").allow("FAILED", "A")
        .retry("FAILED", "B").allow("B", "A").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a retry moves FAILED to B, which is not allowed; allow(FAILED, B) too")
        .hasMessageContaining("B cannot be reached from A");
  }
}
