package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever text a user writes, reading it gives a value or a typed error, never anything else. */
class SettingParsingPropertyTest {
  private static final Setting<Duration> DURATION = Setting.duration("acme.wait", "how long to wait");
  private static final Setting<Long> BYTES = Setting.bytes("acme.buffer", "how much to buffer");
  private static final Setting<Boolean> FLAG = Setting.flag("acme.enabled", "whether acme is on");
  private static final Setting<Integer> INTEGER = Setting.integer("acme.retries", "how often to retry");

  @Property(tries = 2000)
  @Label("any text: a duration or an IllegalArgumentException")
  void anyTextIsADurationOrIllegalArgument(@ForAll String text) {
    assertValueOrIllegalArgument(DURATION::parse, text);
  }

  @Property(tries = 2000)
  @Label("any text: a size or an IllegalArgumentException")
  void anyTextIsASizeOrIllegalArgument(@ForAll String text) {
    assertValueOrIllegalArgument(BYTES::parse, text);
  }

  @Property(tries = 1000)
  void anyTextIsAFlagOrIllegalArgument(@ForAll String text) {
    assertValueOrIllegalArgument(FLAG::parse, text);
  }

  @Property(tries = 1000)
  void anyTextIsAnIntegerOrIllegalArgument(@ForAll String text) {
    assertValueOrIllegalArgument(INTEGER::parse, text);
  }

  @Property(tries = 3000)
  @Label("number-and-unit text, however large: a duration or an IllegalArgumentException")
  void numberAndUnitIsADurationOrIllegalArgument(@ForAll("numberWithUnit") String text) {
    assertValueOrIllegalArgument(DURATION::parse, text);
  }

  @Property(tries = 3000)
  @Label("number-and-unit text, however large: a size or an IllegalArgumentException")
  void numberAndUnitIsASizeOrIllegalArgument(@ForAll("numberWithUnit") String text) {
    assertValueOrIllegalArgument(BYTES::parse, text);
  }

  @Property(tries = 2000)
  @Label("any text for the command timeout: settings or an InvalidSettingsException naming it")
  void anyTimeoutTextGivesSettingsOrInvalidSettings(@ForAll("numberWithUnit") String text) {
    Throwable thrown = catchThrowable(() -> Settings.fromText(Map.of("steward.command.timeout", text)));

    if (thrown != null) {
      assertThat(thrown).isExactlyInstanceOf(InvalidSettingsException.class);
      assertThat(((InvalidSettingsException) thrown).problems())
          .extracting(SettingProblem::name).containsExactly("steward.command.timeout");
    }
  }

  @Property(tries = 500)
  void aDurationWrittenInMillisecondsReadsBackExactly(@ForAll("millis") long millis) {
    assertThat(DURATION.parse(millis + "ms")).isEqualTo(Duration.ofMillis(millis));
  }

  @Property(tries = 500)
  void aSizeWrittenInKibibytesIsTimes1024(@ForAll("kibibytes") long kib) {
    assertThat(BYTES.parse(kib + "k")).isEqualTo(kib * 1024);
    assertThat(BYTES.parse(kib + "KiB")).isEqualTo(kib * 1024);
  }

  @Provide
  Arbitrary<String> numberWithUnit() {
    Arbitrary<String> sign = Arbitraries.of("", "", "", "-", "+");
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> space = Arbitraries.of("", "", " ", "\t");
    Arbitrary<String> unit = Arbitraries.of("", "ms", "s", "m", "h", "d", "b", "k", "kb", "kib", "mb", "mib", "g", "gb", "gib",
        "MiB", "D", "w", "x");
    Arbitrary<String> plain = Combinators.combine(sign, digits, space, unit).as((a, b, c, d) -> a + b + c + d);
    Arbitrary<String> iso = Combinators.combine(sign, digits, Arbitraries.of("D", "H", "M", "S", ".5S", "X"))
        .as((a, b, c) -> a + (c.equals("D") ? "P" + b + c : "PT" + b + c));
    return Arbitraries.oneOf(plain, iso);
  }

  @Provide
  Arbitrary<Long> millis() {
    return Arbitraries.longs().between(0, 999_999_999_999_999_999L);
  }

  @Provide
  Arbitrary<Long> kibibytes() {
    return Arbitraries.longs().between(0, Long.MAX_VALUE >> 10);
  }

  private static void assertValueOrIllegalArgument(Function<String, ?> parse, String text) {
    Object value;
    try {
      value = parse.apply(text);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(value).isNotNull();
  }
}
