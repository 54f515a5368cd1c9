package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FailuresTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void noneIsHealthy() {
    Failures none = Failures.none();

    assertThat(none.attempts()).isZero();
    assertThat(none.isFailing()).isFalse();
    assertThat(none.firstFailureAt()).isEmpty();
    assertThat(none.lastFailureAt()).isEmpty();
    assertThat(none.lastErrorType()).isEmpty();
    assertThat(none.lastErrorMessage()).isEmpty();
  }

  @Test
  void plusCountsAnAttemptAndRemembersTheFirstTimeAndTheLatestError() {
    Failures once = Failures.none().plus(T0, "IOException", "connection refused");
    Failures twice = once.plus(T0.plusSeconds(30), "CommandTimeoutException", "timed out after 60s");

    assertThat(once).isEqualTo(new Failures(1, Optional.of(T0), Optional.of(T0), "IOException", "connection refused"));
    assertThat(once.isFailing()).isTrue();
    assertThat(twice.attempts()).isEqualTo(2);
    assertThat(twice.firstFailureAt()).contains(T0);
    assertThat(twice.lastFailureAt()).contains(T0.plusSeconds(30));
    assertThat(twice.lastErrorType()).isEqualTo("CommandTimeoutException");
    assertThat(twice.lastErrorMessage()).isEqualTo("timed out after 60s");
  }

  @Test
  void aClockSteppingBackKeepsTheLastFailureAtOrAfterTheFirst() {
    Failures failures = Failures.none().plus(T0, "A", "a").plus(T0.minusSeconds(10), "B", "b");

    assertThat(failures.attempts()).isEqualTo(2);
    assertThat(failures.firstFailureAt()).contains(T0);
    assertThat(failures.lastFailureAt()).contains(T0);
    assertThat(failures.lastErrorType()).isEqualTo("B");
  }

  @Test
  void refusesABlankErrorType() {
    assertThatThrownBy(() -> Failures.none().plus(T0, " ", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Error type must not be blank");
  }

  @Test
  void refusesInconsistentBookkeeping() {
    assertThatThrownBy(() -> new Failures(-1, Optional.empty(), Optional.empty(), "", ""))
        .hasMessage("Failure attempts must be zero or more, got -1");
    assertThatThrownBy(() -> new Failures(1, Optional.empty(), Optional.empty(), "A", ""))
        .hasMessage("Failure times must be present exactly when attempts > 0 (attempts=1)");
    assertThatThrownBy(() -> new Failures(0, Optional.of(T0), Optional.of(T0), "", ""))
        .hasMessage("Failure times must be present exactly when attempts > 0 (attempts=0)");
    assertThatThrownBy(() -> new Failures(2, Optional.of(T0), Optional.of(T0.minusSeconds(1)), "A", ""))
        .hasMessage("The last failure cannot come before the first one");
  }

  @Property(tries = 300)
  void bookkeepingAfterAnySequenceOfFailures(
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = -10_000, max = 10_000) Integer> offsets) {
    Failures failures = Failures.none();
    for (int i = 0; i < offsets.size(); i++) {
      failures = failures.plus(T0.plusSeconds(offsets.get(i)), "E" + i, "m" + i);
    }

    int last = offsets.size() - 1;
    assertThat(failures.attempts()).isEqualTo(offsets.size());
    assertThat(failures.firstFailureAt()).contains(T0.plusSeconds(offsets.get(0)));
    assertThat(failures.lastFailureAt()).contains(T0.plusSeconds(offsets.stream().mapToInt(Integer::intValue).max().orElseThrow()));
    assertThat(failures.lastErrorType()).isEqualTo("E" + last);
    assertThat(failures.lastErrorMessage()).isEqualTo("m" + last);
  }
}
