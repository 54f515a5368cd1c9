package dev.steward.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MutableClockTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void standsStillUntilMoved() {
    MutableClock clock = new MutableClock(START);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.advance(Duration.ofSeconds(5))).isEqualTo(START.plusSeconds(5));
    clock.set(START.plusSeconds(60));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(60));
  }

  @Test
  void aSteppingClockMovesOnEveryRead() {
    MutableClock clock = MutableClock.stepping(START, Duration.ofSeconds(1));

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(1));
    assertThat(clock.millis()).isEqualTo(START.plusSeconds(2).toEpochMilli());
  }
}
