package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ProcessStartExceptionTest {
  private static final ResourceKey DEMO_3 = ResourceKey.local("node", "demo-3");

  @Test
  void carriesTheKeyTheExitStatusAndACopyOfTheLogTail() {
    List<String> tail = new ArrayList<>(List.of("Address already in use"));

    ProcessStartException e = new ProcessStartException(DEMO_3, "node/demo-3@local exited with status 1",
        OptionalInt.of(1), tail, null);
    tail.add("changed later");

    assertThat(e).isInstanceOf(StewardException.class).hasMessage("node/demo-3@local exited with status 1");
    assertThat(e.key()).isEqualTo(DEMO_3);
    assertThat(e.exitCode()).hasValue(1);
    assertThat(e.logTail()).containsExactly("Address already in use").isUnmodifiable();
  }

  @Test
  void aFailureBeforeLaunchHasNoExitStatusAndNoLog() {
    ProcessStartException e = new ProcessStartException(DEMO_3, "the command 'nosuch' was not found");

    assertThat(e.exitCode()).isEmpty();
    assertThat(e.logTail()).isEmpty();
    assertThat(e.getCause()).isNull();
  }
}
