package dev.steward.internal.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FastInstantPropertyTest {
  @Property(tries = 2000)
  void readsBackEveryInstantItsToStringWrites(
      @ForAll @LongRange(min = 0, max = 253402300799L) long seconds, @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
    Instant instant = Instant.ofEpochSecond(seconds, nanos);

    assertThat(FastInstant.parse(instant.toString())).isEqualTo(instant);
  }

  @Property(tries = 2000)
  void writesWhatToStringWrites(
      @ForAll @LongRange(min = -62167219200L, max = 253402300799L) long seconds, @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
      @ForAll @IntRange(min = 0, max = 3) int roundTo) {
    // Whole seconds, milliseconds and microseconds are what clocks give; each prints another fraction.
    int rounded = roundTo == 0 ? 0 : roundTo == 1 ? nanos / 1_000_000 * 1_000_000 : roundTo == 2 ? nanos / 1_000 * 1_000 : nanos;
    Instant instant = Instant.ofEpochSecond(seconds, rounded);

    assertThat(FastInstant.format(instant)).isEqualTo(instant.toString());
  }

  @Test
  void writesTheEdgesOfItsRangeAndLeavesTheRestToToString() {
    for (Instant instant : new Instant[] {Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
        Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.MAX, Instant.MIN}) {
      assertThat(FastInstant.format(instant)).as(instant.toString()).isEqualTo(instant.toString());
    }
  }

  @Test
  void leavesOtherFormsToTheGeneralParser() {
    assertThat(FastInstant.parse("+12026-01-01T00:00:00Z")).isEqualTo(Instant.parse("+12026-01-01T00:00:00Z"));
    for (String odd : new String[] {"2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:59:60Z"}) {
      Instant general;
      try {
        general = Instant.parse(odd);
      } catch (java.time.DateTimeException e) {
        assertThatThrownBy(() -> FastInstant.parse(odd)).as(odd).isInstanceOf(java.time.DateTimeException.class);
        continue;
      }
      assertThat(FastInstant.parse(odd)).as(odd).isEqualTo(general);
    }
    assertThatThrownBy(() -> FastInstant.parse("yesterday")).isInstanceOf(java.time.DateTimeException.class);
  }
}
