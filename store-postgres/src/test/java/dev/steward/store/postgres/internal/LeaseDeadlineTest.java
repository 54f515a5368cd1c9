package dev.steward.store.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How long a candidate believes its lease: from before the statement was sent, the lease less a margin. */
class LeaseDeadlineTest {
  @Test
  @DisplayName("takes a fifth of a 15 s lease off: a leader believes itself 12 s after it sent its renewal")
  void takesAFifthOfTheLease() {
    LeaseDeadline deadline = new LeaseDeadline(Duration.ofSeconds(15));

    assertThat(deadline.margin()).isEqualTo(Duration.ofSeconds(3));
    assertThat(deadline.believedUntil(1_000L)).isEqualTo(1_000L + Duration.ofSeconds(12).toNanos());
  }

  @Test
  @DisplayName("takes at least 100 ms off a short lease, and never more than half of it")
  void keepsTheMarginWithinBounds() {
    assertThat(new LeaseDeadline(Duration.ofMillis(400)).margin()).isEqualTo(Duration.ofMillis(100));
    assertThat(new LeaseDeadline(Duration.ofMillis(150)).margin()).isEqualTo(Duration.ofMillis(75));
    assertThat(new LeaseDeadline(Duration.ofSeconds(1)).margin()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  @DisplayName("a lease is believed strictly before its last tick, also when the ticks wrap around")
  void comparesTicksThatWrapAround() {
    LeaseDeadline deadline = new LeaseDeadline(Duration.ofSeconds(10));
    long sentAt = Long.MAX_VALUE - Duration.ofSeconds(1).toNanos();
    long until = deadline.believedUntil(sentAt);

    assertThat(until).isNegative();
    assertThat(LeaseDeadline.before(sentAt, until)).isTrue();
    assertThat(LeaseDeadline.before(until - 1, until)).isTrue();
    assertThat(LeaseDeadline.before(until, until)).isFalse();
    assertThat(LeaseDeadline.before(until + 1, until)).isFalse();
  }
}
