package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The backoff's arithmetic: doubling from the base, capped, a share of each wait random. */
class RetryPolicyTest {
  @Test
  @DisplayName("waits double from the base and stop at the maximum; without jitter they are exact")
  void doublesUpToTheMaximum() {
    RetryPolicy policy = new RetryPolicy(10, 1, Duration.ofMillis(500), Duration.ofSeconds(3), 0);

    assertThat(IntStream.rangeClosed(1, 6).mapToObj(n -> policy.delayBefore(n, 0.7)).toList())
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
            Duration.ofSeconds(3), Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("with jitter 0.5 a wait is between half and all of its nominal length, as the random number says")
  void jitterTakesAShare() {
    RetryPolicy policy = RetryPolicy.DEFAULT;

    assertThat(policy.delayBefore(1, 0)).isEqualTo(Duration.ofMillis(250));
    assertThat(policy.delayBefore(1, 0.25)).isEqualTo(Duration.ofNanos(312_500_000));
    assertThat(policy.delayBefore(2, 0.5)).isEqualTo(Duration.ofMillis(750));
    assertThat(policy.delayBefore(60, 0)).isEqualTo(Duration.ofSeconds(5));
  }

  @Property
  @Label("every wait lies within [1 - jitter, 1] of its nominal length, which never exceeds the maximum")
  void waitsStayInTheirBounds(@ForAll @IntRange(min = 1, max = 200) int retry, @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random,
      @ForAll @DoubleRange(min = 0, max = 1) double jitter, @ForAll @IntRange(min = 0, max = 5000) int baseMs,
      @ForAll @IntRange(min = 0, max = 60_000) int extraMs) {
    RetryPolicy policy = new RetryPolicy(3, 1, Duration.ofMillis(baseMs), Duration.ofMillis(baseMs + extraMs), jitter);
    long nominal = Math.min(baseMs + extraMs, baseMs * (long) Math.pow(2, Math.min(retry - 1, 30)));

    Duration wait = policy.delayBefore(retry, random);

    assertThat(wait.toNanos()).isBetween(Math.round(nominal * 1_000_000 * (1 - jitter)) - 1, nominal * 1_000_000L);
  }

  @Test
  @DisplayName("refuses settings that make no sense, saying which")
  void refusesNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(11, 1, Duration.ZERO, Duration.ZERO, 0)).hasMessageContaining("retries must be 0 to 10");
    assertThatThrownBy(() -> new RetryPolicy(1, 2, Duration.ZERO, Duration.ZERO, 0)).hasMessageContaining("nodeUnreachableRetries");
    assertThatThrownBy(() -> new RetryPolicy(1, 1, Duration.ofSeconds(2), Duration.ofSeconds(1), 0)).hasMessageContaining("baseDelay <= maxDelay");
    assertThatThrownBy(() -> new RetryPolicy(1, 1, Duration.ZERO, Duration.ZERO, 1.5)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.DEFAULT.delayBefore(0, 0)).hasMessageContaining("retries count from 1");
  }
}
