package dev.steward.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {
  @Test
  void returnsTheFirstValueTheConditionAccepts() {
    AtomicInteger reads = new AtomicInteger();

    int value = Poll.within(Duration.ofSeconds(5)).every(Duration.ofMillis(1)).await("three reads", reads::incrementAndGet, n -> n >= 3);

    assertThat(value).isEqualTo(3);
    assertThat(reads).hasValue(3);
  }

  @Test
  void failsAfterTheDeadlineNamingWhatItWaitedForAndTheLastValue() {
    assertThatThrownBy(() -> Poll.within(Duration.ofMillis(50)).await("the answer", () -> 41, n -> n == 42))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Waited 50 ms for the answer; last seen: 41");
  }

  @Test
  void eventuallySaysFalseInsteadOfFailing() {
    assertThat(Poll.within(Duration.ofMillis(30)).eventually(() -> false)).isFalse();
    assertThat(Poll.within(Duration.ofMillis(30)).eventually(() -> true)).isTrue();
  }

  @Test
  void waitsForAValueToAppear() {
    AtomicInteger reads = new AtomicInteger();

    String value = Poll.value("a value", () -> reads.incrementAndGet() < 3 ? Optional.empty() : Optional.of("here"));

    assertThat(value).isEqualTo("here");
  }

  @Test
  void refusesAZeroInterval() {
    assertThatThrownBy(() -> Poll.within(Duration.ofSeconds(1)).every(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an interval above zero");
  }
}
