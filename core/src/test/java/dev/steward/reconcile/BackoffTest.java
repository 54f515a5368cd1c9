package dev.steward.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesUpToTheCapWithoutJitter() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0, 7);

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.delayAfter(1_000_000)).isEqualTo(Duration.ofSeconds(10));
  }

  @Property
  void jitterOnlyShortensAndNeverBelowItsShare(@ForAll @IntRange(min = 1, max = 200) int attempts, @ForAll long seed) {
    Backoff plain = new Backoff(Duration.ofMillis(100), Duration.ofMinutes(5), 0, seed);
    Backoff jittered = new Backoff(Duration.ofMillis(100), Duration.ofMinutes(5), 0.25, seed);

    Duration full = plain.delayAfter(attempts);
    Duration delay = jittered.delayAfter(attempts);

    assertThat(delay).isLessThanOrEqualTo(full);
    assertThat(delay.toNanos()).isGreaterThanOrEqualTo((long) (full.toNanos() * 0.75) - 1);
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    Backoff a = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.5, 42);
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.5, 42);

    for (int attempts = 1; attempts < 10; attempts++) {
      assertThat(a.delayAfter(attempts)).isEqualTo(b.delayAfter(attempts));
    }
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0, 1)).hasMessageContaining("0 < base <= cap");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, 1)).hasMessageContaining("0 < base <= cap");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5, 1)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 1).delayAfter(0)).hasMessageContaining("1 or more");
  }
}
