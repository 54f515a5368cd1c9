package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading one setting from text, and the rules it must follow. */
class SettingTest {
  private static final Setting<Duration> DURATION = Setting.duration("acme.wait", "how long to wait");
  private static final Setting<Long> BYTES = Setting.bytes("acme.buffer", "how much to buffer");
  private static final Setting<Boolean> FLAG = Setting.flag("acme.enabled", "whether acme is on");
  private static final Setting<Integer> INTEGER = Setting.integer("acme.retries", "how often to retry");
  private static final Setting<Path> PATH = Setting.path("acme.dir", "where acme keeps its files");

  @Nested
  @DisplayName("durations are written 500ms, 30s, 2m, 1h, 1d or ISO-8601")
  class Durations {
    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
        "500ms  | PT0.5S",
        "30s    | PT30S",
        "2m     | PT2M",
        "1h     | PT1H",
        "1d     | PT24H",
        "0s     | PT0S",
        "PT30S  | PT30S",
        "pt30s  | PT30S",
        "P1DT2H | PT26H",
        "-PT5S  | PT-5S",
        "' 30s '| PT30S",
        "'30 s' | PT30S",
        "30S    | PT30S",
        "2M     | PT2M"})
    void parses(String text, String iso) {
      assertThat(DURATION.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", " ", "abc", "30", "30x", "1.5s", "-5s", "s", "ms30", "30 seconds", "1w"})
    void refusesWhatIsNotADuration(String text) {
      assertThatIllegalArgumentException().isThrownBy(() -> DURATION.parse(text))
          .withMessage("not a duration; write e.g. 500ms, 30s, 2m, 1h or PT30S");
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"PTx", "P", "PT", "pt30", "P30S"})
    void refusesABrokenIsoDuration(String text) {
      assertThatIllegalArgumentException().isThrownBy(() -> DURATION.parse(text))
          .withMessage("not an ISO-8601 duration such as PT30S");
    }

    @ParameterizedTest(name = "''{0}'' is refused as too large")
    @ValueSource(strings = {"999999999999999999d", "999999999999999999h", "999999999999999999m"})
    void refusesADurationTooLargeToHold(String text) {
      assertThatIllegalArgumentException().isThrownBy(() -> DURATION.parse(text)).withMessage("too large");
    }

    @Test
    void acceptsTheLargestMillisecondsAndSeconds() {
      assertThat(DURATION.parse("999999999999999999ms")).isEqualTo(Duration.ofMillis(999_999_999_999_999_999L));
      assertThat(DURATION.parse("999999999999999999s")).isEqualTo(Duration.ofSeconds(999_999_999_999_999_999L));
    }
  }

  @Nested
  @DisplayName("sizes are bytes, or k, m, g in powers of 1024")
  class Sizes {
    @ParameterizedTest(name = "''{0}'' is {1} bytes")
    @CsvSource(delimiter = '|', value = {
        "4096   | 4096",
        "0      | 0",
        "12b    | 12",
        "512k   | 524288",
        "512kb  | 524288",
        "1KiB   | 1024",
        "1MiB   | 1048576",
        "1m     | 1048576",
        "3MB    | 3145728",
        "2g     | 2147483648",
        "1GiB   | 1073741824",
        "'8 k'  | 8192",
        "' 1k ' | 1024"})
    void parses(String text, long bytes) {
      assertThat(BYTES.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "abc", "-1", "1.5m", "1t", "k", "1 kilobyte", "9223372036854775807", "1e3"})
    void refusesWhatIsNotASize(String text) {
      assertThatIllegalArgumentException().isThrownBy(() -> BYTES.parse(text))
          .withMessage("not a size; write e.g. 4096, 512k or 1MiB");
    }

    @ParameterizedTest(name = "''{0}'' is refused as too large")
    @ValueSource(strings = {"999999999999999999g", "999999999999999999m", "999999999999999999k"})
    void refusesASizeTooLargeToHold(String text) {
      assertThatIllegalArgumentException().isThrownBy(() -> BYTES.parse(text)).withMessage("too large");
    }
  }

  @Nested
  class Flags {
    @ParameterizedTest(name = "''{0}'' is true")
    @ValueSource(strings = {"true", "TRUE", "yes", "on", "1", " On "})
    void readsTrue(String text) {
      assertThat(FLAG.parse(text)).isTrue();
    }

    @ParameterizedTest(name = "''{0}'' is false")
    @ValueSource(strings = {"false", "False", "no", "off", "0", " OFF "})
    void readsFalse(String text) {
      assertThat(FLAG.parse(text)).isFalse();
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "maybe", "y", "2", "truee"})
    void refusesAnythingElse(String text) {
      assertThatIllegalArgumentException().isThrownBy(() -> FLAG.parse(text)).withMessage("not true or false");
    }
  }

  @Nested
  class Integers {
    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {"42 | 42", "' -7 ' | -7", "0 | 0", "2147483647 | 2147483647"})
    void parses(String text, int value) {
      assertThat(INTEGER.parse(text)).isEqualTo(value);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "abc", "1.5", "2147483648", "1k", "0x10"})
    void refusesWhatIsNotAWholeNumber(String text) {
      assertThatIllegalArgumentException().isThrownBy(() -> INTEGER.parse(text)).withMessage("not a whole number");
    }
  }

  @Nested
  class Paths {
    @Test
    void parsesAPath() {
      assertThat(PATH.parse("/var/lib/steward")).isEqualTo(Path.of("/var/lib/steward"));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "  ", "a\0b"})
    void refusesBlankAndNulPaths(String text) {
      assertThatIllegalArgumentException().isThrownBy(() -> PATH.parse(text)).withMessage("not a path");
    }
  }

  @Nested
  class Rules {
    @Test
    void commandTimeoutMustBePositive() {
      assertThat(CoreSettings.COMMAND_TIMEOUT.check(Duration.ZERO)).contains("must be positive");
      assertThat(CoreSettings.COMMAND_TIMEOUT.check(Duration.ofSeconds(-1))).contains("must be positive");
      assertThat(CoreSettings.COMMAND_TIMEOUT.check(Duration.ofMillis(1))).isEmpty();
    }

    @Test
    void commandOutputLimitMustBeBetween1kAnd2g() {
      assertThat(CoreSettings.COMMAND_OUTPUT_LIMIT.check(1023L)).contains("must be between 1k and 2g");
      assertThat(CoreSettings.COMMAND_OUTPUT_LIMIT.check(1024L)).isEmpty();
      assertThat(CoreSettings.COMMAND_OUTPUT_LIMIT.check((long) Integer.MAX_VALUE - 8)).isEmpty();
      assertThat(CoreSettings.COMMAND_OUTPUT_LIMIT.check((long) Integer.MAX_VALUE - 7)).contains("must be between 1k and 2g");
    }

    @Test
    void providerIdSettingsMustHoldAProviderId() {
      assertThat(CoreSettings.TRANSPORT.check("SSH"))
          .contains("must be a provider id: lowercase letters, digits and '-', starting with a letter");
      assertThat(CoreSettings.TRANSPORT.check("ssh")).isEmpty();
    }

    @Test
    void reportsTheFirstRuleBroken() {
      Setting<Integer> port = Setting.integer("acme.port", "the port acme listens on")
          .require(n -> n > 0, "be positive").require(n -> n < 65536, "be below 65536");

      assertThat(port.check(-1)).contains("must be positive");
      assertThat(port.check(70000)).contains("must be below 65536");
      assertThat(port.check(8080)).isEmpty();
    }

    @Test
    void addingARuleLeavesTheOriginalAlone() {
      Setting<Integer> plain = Setting.integer("acme.port", "the port acme listens on");
      Setting<Integer> ruled = plain.require(n -> n > 0, "be positive");

      assertThat(plain.check(-1)).isEmpty();
      assertThat(ruled.check(-1)).contains("must be positive");
    }
  }

  @Nested
  class Declaring {
    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"Acme.port", "acme", "acme.", ".port", "acme port", "acme..port", "acme.Port"})
    void refusesNamesThatAreNotDottedLowercaseWords(String name) {
      assertThatIllegalArgumentException().isThrownBy(() -> Setting.text(name, "something"))
          .withMessage("Setting name '" + name + "' is not valid: use dotted lowercase words such as steward.command.timeout");
    }

    @Test
    void refusesABlankDescription() {
      assertThatIllegalArgumentException().isThrownBy(() -> Setting.text("acme.port", " "))
          .withMessage("Setting description must not be blank");
    }

    @Test
    void objectSettingsRefuseText() {
      assertThatIllegalArgumentException().isThrownBy(() -> CoreSettings.CLOCK.parse("UTC"))
          .withMessage("not accepted as text; this setting can only be set in code");
    }

    @Test
    void showsValuesQuotedAndSecretsMasked() {
      Setting<String> password = Setting.text("acme.login", "the acme login").secret();

      assertThat(INTEGER.show("12")).isEqualTo("'12'");
      assertThat(DURATION.show(Duration.ofSeconds(3))).isEqualTo("PT3S");
      assertThat(INTEGER.show("a\nb")).isEqualTo("'a\\x0ab'");
      assertThat(password.show("hunter2")).isEqualTo("****");
      assertThat(password.isSecret()).isTrue();
      assertThat(INTEGER.isSecret()).isFalse();
    }

    @Test
    void everyCoreSettingHasADescriptionAndIsListedOnce() {
      assertThat(CoreSettings.all()).doesNotHaveDuplicates()
          .allSatisfy(s -> assertThat(s.description()).isNotBlank())
          .extracting(Setting::name)
          .doesNotHaveDuplicates()
          .allSatisfy(name -> assertThat(name).startsWith("steward."));
    }
  }
}
