package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LifecyclesTest {
  private static final Lifecycle JOB = Lifecycle.builder("job").initial("QUEUED").allow("QUEUED", "DONE").terminal("DONE").build();

  @Test
  void standardSetHoldsTheNodeAndInventoryLifecycles() {
    assertThat(Lifecycles.standard().names()).containsExactly("fleet", "inventory", "node");
    assertThat(Lifecycles.standard().get("inventory")).isSameAs(InventoryLifecycle.LIFECYCLE);
    assertThat(Lifecycles.standard().get("node")).isSameAs(NodeLifecycle.LIFECYCLE);
  }

  @Test
  void withReturnsACopyAndLeavesTheOriginalAlone() {
    Lifecycles extended = Lifecycles.standard().with(JOB);

    assertThat(extended.names()).containsExactly("fleet", "inventory", "job", "node");
    assertThat(Lifecycles.standard().find("job")).isEmpty();
  }

  @Test
  void aTableReplacesOneOfTheSameName() {
    Lifecycle other = Lifecycle.builder("job").initial("NEW").allow("NEW", "OLD").terminal("OLD").build();

    assertThat(Lifecycles.of(JOB).with(other).get("job")).isSameAs(other);
  }

  @Test
  void refusesAnUnknownNameListingTheKnownOnes() {
    assertThatThrownBy(() -> Lifecycles.standard().with(JOB).get("pipeline"))
        .isInstanceOf(UnknownLifecycleException.class)
        .hasMessage("No lifecycle named 'pipeline'; known: fleet, inventory, job, node. Register it with Settings.builder().lifecycles(...)")
        .extracting(e -> ((UnknownLifecycleException) e).lifecycle())
        .isEqualTo("pipeline");
  }
}
