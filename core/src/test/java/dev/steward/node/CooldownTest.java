package dev.steward.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CooldownTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @ParameterizedTest(name = "{0} reads {1}")
  @CsvSource({"PT0.25S, 250ms", "PT1S, 1s", "PT12.9S, 12s", "PT90S, 1m30s", "PT5M, 5m", "PT1H, 1h", "PT1H2M5S, 1h2m5s", "PT26H, 26h"})
  void durationsReadAsAPersonWritesThem(Duration duration, String words) {
    assertThat(Cooldown.words(duration)).isEqualTo(words);
  }

  @Test
  void aChangeExactlyOneCooldownAgoNoLongerHolds() {
    Duration cooldown = Duration.ofSeconds(30);

    assertThat(Cooldown.holds(cooldown, NOW.minusSeconds(30), NOW)).isEmpty();
    assertThat(Cooldown.holds(cooldown, NOW.minusMillis(29_999), NOW)).contains("cooling down: last change 29s ago, cooldown 30s");
    assertThat(Cooldown.holds(Duration.ZERO, NOW, NOW)).isEmpty();
    assertThat(Cooldown.holds(Duration.ZERO, NOW.plusSeconds(60), NOW)).isEmpty();
  }
}
