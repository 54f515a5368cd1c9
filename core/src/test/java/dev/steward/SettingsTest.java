package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A set of settings: building, checking, reading, and showing it without secrets. */
class SettingsTest {
  private static final String ID_RULE = "must be a provider id: lowercase letters, digits and '-', starting with a letter";

  @Nested
  @DisplayName("build() reports every bad core setting at once")
  class Building {
    @Test
    void reportsEveryBadCoreSettingInOneException() {
      Settings.Builder builder = Settings.builder()
          .set("steward.transport", "SSH")
          .set("steward.node-selector", "fastest!")
          .set("steward.command.timeout", "0s")
          .set("steward.command.output-limit", "12")
          .set("steward.clock", "utc")
          .set("steward.state-store", "memory");

      InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class, builder::build);

      assertThat(e).hasMessage("5 settings are invalid:\n"
          + "  steward.transport: 'SSH' " + ID_RULE + "\n"
          + "  steward.node-selector: 'fastest!' " + ID_RULE + "\n"
          + "  steward.command.timeout: '0s' must be positive\n"
          + "  steward.command.output-limit: '12' must be between 1k and 2g\n"
          + "  steward.clock: 'utc' is not accepted as text; this setting can only be set in code");
      assertThat(e.problems()).containsExactly(
          new SettingProblem("steward.transport", "'SSH' " + ID_RULE),
          new SettingProblem("steward.node-selector", "'fastest!' " + ID_RULE),
          new SettingProblem("steward.command.timeout", "'0s' must be positive"),
          new SettingProblem("steward.command.output-limit", "'12' must be between 1k and 2g"),
          new SettingProblem("steward.clock", "'utc' is not accepted as text; this setting can only be set in code"));
      assertThat(e.problems()).isUnmodifiable();
    }

    @Test
    void saysSoWhenOnlyOneSettingIsBad() {
      InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class,
          () -> Settings.fromText(Map.of("steward.command.timeout", "soon")));

      assertThat(e).hasMessage(
          "Invalid setting: steward.command.timeout: 'soon' is not a duration; write e.g. 500ms, 30s, 2m, 1h or PT30S");
      assertThat(e.problems()).extracting(SettingProblem::name).containsExactly("steward.command.timeout");
    }

    @Test
    void refusesANegativeTimeoutWrittenInIso() {
      assertThat(catchThrowableOfType(InvalidSettingsException.class,
          () -> Settings.fromText(Map.of("steward.command.timeout", "-PT5S"))))
          .hasMessage("Invalid setting: steward.command.timeout: '-PT5S' must be positive");
    }

    @Test
    void checksValuesSetInCodeToo() {
      Setting<Integer> port = Setting.integer("acme.port", "the port acme listens on")
          .require(n -> n > 0 && n < 65536, "be between 1 and 65535");

      InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class,
          () -> Settings.builder().set(CoreSettings.COMMAND_TIMEOUT, Duration.ZERO).set(port, 70000).build());

      assertThat(e).hasMessage("2 settings are invalid:\n"
          + "  steward.command.timeout: PT0S must be positive\n"
          + "  acme.port: 70000 must be between 1 and 65535");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void refusesAValueOfTheWrongTypeSetInCode() {
      Setting raw = CoreSettings.COMMAND_TIMEOUT;

      assertThat(catchThrowableOfType(InvalidSettingsException.class, () -> Settings.builder().set(raw, 5).build()))
          .hasMessage("Invalid setting: steward.command.timeout: holds a java.lang.Integer where a java.time.Duration is expected");
    }

    @Test
    void leavesTextForKeysItDoesNotKnowUncheckedUntilTheyAreRead() {
      Setting<Duration> wait = Setting.duration("acme.wait", "how long acme waits");
      Settings settings = Settings.builder().set("acme.wait", "soon").build();

      assertThat(settings.problems(List.of(wait))).containsExactly(
          new SettingProblem("acme.wait", "'soon' is not a duration; write e.g. 500ms, 30s, 2m, 1h or PT30S"));
      assertThat(catchThrowableOfType(InvalidSettingsException.class, () -> settings.get(wait)))
          .hasMessage("Invalid setting: acme.wait: 'soon' is not a duration; write e.g. 500ms, 30s, 2m, 1h or PT30S");
      assertThat(catchThrowableOfType(InvalidSettingsException.class, () -> settings.find(wait)))
          .hasMessage("Invalid setting: acme.wait: 'soon' is not a duration; write e.g. 500ms, 30s, 2m, 1h or PT30S");
    }

    @Test
    void validateListsEveryProblemOfTheKeysGiven() {
      Setting<Duration> wait = Setting.duration("acme.wait", "how long acme waits");
      Setting<Boolean> on = Setting.flag("acme.on", "whether acme is on");
      Setting<Integer> retries = Setting.integer("acme.retries", "how often acme retries");
      Settings settings = Settings.builder().set("acme.wait", "1h").set("acme.on", "maybe").set("acme.retries", "x").build();

      assertThat(catchThrowableOfType(InvalidSettingsException.class, () -> settings.validate(List.of(wait, on, retries))))
          .hasMessage("2 settings are invalid:\n"
              + "  acme.on: 'maybe' is not true or false\n"
              + "  acme.retries: 'x' is not a whole number");
    }

    @Test
    void copiesTheBuilderAtBuild() {
      Settings.Builder builder = Settings.builder().set(CoreSettings.TRANSPORT, "ssh");
      Settings built = builder.build();
      builder.set(CoreSettings.TRANSPORT, "local").set("acme.extra", "1");

      assertThat(built.get(CoreSettings.TRANSPORT)).isEqualTo("ssh");
      assertThat(built.names()).containsExactly("steward.transport");
    }

    @Test
    void toBuilderStartsFromTheSameValuesAndLeavesTheOriginalAlone() {
      Settings original = Settings.builder().set(CoreSettings.TRANSPORT, "ssh").set("acme.x", "1").build();
      Settings changed = original.toBuilder().remove("acme.x").set(CoreSettings.PROBE, "proxmox").build();

      assertThat(original.names()).containsExactly("acme.x", "steward.transport");
      assertThat(changed.names()).containsExactly("steward.probe", "steward.transport");
      assertThat(changed.get(CoreSettings.TRANSPORT)).isEqualTo("ssh");
    }

    @Test
    void theSameValueAsTextOrInCodeGivesEqualSettings() {
      Settings fromText = Settings.fromText(Map.of("steward.transport", "ssh"));
      Settings inCode = Settings.builder().set(CoreSettings.TRANSPORT, "ssh").build();

      assertThat(fromText).isEqualTo(inCode).hasSameHashCodeAs(inCode);
      assertThat(fromText).isNotEqualTo(Settings.empty());
    }
  }

  @Nested
  @DisplayName("reading: the value set, else the default, else a clear error")
  class Reading {
    @Test
    void getWithoutValueOrDefaultNamesTheKeyAndWhatItIsFor() {
      InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class,
          () -> Settings.empty().get(CoreSettings.PROBE));

      assertThat(e).hasMessage("Invalid setting: steward.probe: not set and has no default (id of the Probe provider that observes hosts)");
      assertThat(e.problems()).containsExactly(new SettingProblem("steward.probe",
          "not set and has no default (id of the Probe provider that observes hosts)"));
    }

    @Test
    void findWithoutValueOrDefaultIsEmpty() {
      assertThat(Settings.empty().find(CoreSettings.PROBE)).isEmpty();
      assertThat(Settings.empty().find(Setting.text("acme.name", "the acme name"))).isEmpty();
    }

    @Test
    void givesTheDefaults() {
      Settings settings = Settings.empty();

      assertThat(settings.get(CoreSettings.TRANSPORT)).isEqualTo("local");
      assertThat(settings.get(CoreSettings.FIREWALL)).isEqualTo("none");
      assertThat(settings.get(CoreSettings.NODE_SELECTOR)).isEqualTo("youngest");
      assertThat(settings.get(CoreSettings.STATE_STORE)).isEqualTo("file");
      assertThat(settings.get(CoreSettings.COMMAND_TIMEOUT)).isEqualTo(Duration.ofSeconds(60));
      assertThat(settings.get(CoreSettings.COMMAND_OUTPUT_LIMIT)).isEqualTo(1024L * 1024);
      assertThat(settings.get(CoreSettings.CLOCK)).isNotNull();
      assertThat(settings.get(CoreSettings.LIFECYCLES)).isSameAs(Lifecycles.standard());
      assertThat(settings.isSet(CoreSettings.TRANSPORT)).isFalse();
      assertThat(settings.names()).isEmpty();
    }

    @Test
    void parsesTextWhenRead() {
      Settings settings = Settings.fromText(Map.of(
          "steward.command.timeout", "2m",
          "steward.command.output-limit", "512k",
          "steward.transport", "ssh"));

      assertThat(settings.get(CoreSettings.COMMAND_TIMEOUT)).isEqualTo(Duration.ofMinutes(2));
      assertThat(settings.get(CoreSettings.COMMAND_OUTPUT_LIMIT)).isEqualTo(512L * 1024);
      assertThat(settings.find(CoreSettings.TRANSPORT)).contains("ssh");
      assertThat(settings.isSet(CoreSettings.TRANSPORT)).isTrue();
    }

    @Test
    void givesTypedValuesSetInCode() {
      Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
      Settings settings = Settings.builder()
          .set(CoreSettings.COMMAND_TIMEOUT, Duration.ofMillis(1500))
          .set(CoreSettings.COMMAND_OUTPUT_LIMIT, 4096L)
          .clock(clock)
          .build();

      assertThat(settings.get(CoreSettings.COMMAND_TIMEOUT)).isEqualTo(Duration.ofMillis(1500));
      assertThat(settings.get(CoreSettings.COMMAND_OUTPUT_LIMIT)).isEqualTo(4096L);
      assertThat(settings.get(CoreSettings.CLOCK)).isSameAs(clock);
    }

    @Test
    void aValueSetReplacesTheDefault() {
      Setting<Integer> retries = Setting.integer("acme.retries", "how often acme retries").withDefault(3);

      assertThat(Settings.empty().get(retries)).isEqualTo(3);
      assertThat(Settings.builder().set("acme.retries", "5").build().get(retries)).isEqualTo(5);
      assertThat(retries.defaultValue()).contains(3);
    }
  }

  @Nested
  @DisplayName("secrets never reach a message or toString()")
  class Secrets {
    private final Setting<String> credentials = Setting.text("acme.credentials", "the acme API credentials")
        .require(s -> s.length() >= 12, "be at least 12 characters").secret();

    @Test
    void masksASecretInProblems() {
      Settings settings = Settings.builder().set("acme.credentials", "hunter2").build();

      InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class, () -> settings.get(credentials));

      assertThat(e).hasMessage("Invalid setting: acme.credentials: **** must be at least 12 characters");
      assertThat(e.problems()).allSatisfy(p -> assertThat(p.problem()).doesNotContain("hunter2"));
    }

    @Test
    void masksASecretThatCannotBeParsed() {
      Setting<Integer> pin = Setting.integer("acme.pin", "the acme PIN").secret();

      assertThat(catchThrowableOfType(InvalidSettingsException.class,
          () -> Settings.builder().set("acme.pin", "12x4").build().get(pin)))
          .hasMessage("Invalid setting: acme.pin: **** is not a whole number");
    }

    @Test
    void masksASecretSetInCodeWhenBuildRefusesIt() {
      assertThat(catchThrowableOfType(InvalidSettingsException.class,
          () -> Settings.builder().set(credentials, "hunter2").build()))
          .hasMessage("Invalid setting: acme.credentials: **** must be at least 12 characters");
    }

    @Test
    void masksASecretSetInCodeInToString() {
      Settings settings = Settings.builder().set(credentials, "correct horse battery staple").build();

      assertThat(settings.get(credentials)).isEqualTo("correct horse battery staple");
      assertThat(settings).hasToString("Settings{acme.credentials=****}");
    }

    @Test
    void keepsMaskingASecretAfterToBuilder() {
      Settings settings = Settings.builder().set(credentials, "correct horse battery staple").build()
          .toBuilder().set("acme.user", "bob").build();

      assertThat(settings).hasToString("Settings{acme.credentials=****, acme.user='bob'}");
    }

    @Test
    void masksUnknownKeysNamedLikePasswordsAndTokens() {
      Settings settings = Settings.builder()
          .set("acme.db.password", "hunter2")
          .set("acme.api-token", "t0k3n")
          .set("acme.client-secret", "s3cr3t")
          .set("acme.ssh.passphrase", "open sesame")
          .set("acme.ssh.key", "-----BEGIN KEY-----")
          .set("acme.user", "bob")
          .build();

      assertThat(settings).hasToString("Settings{acme.api-token=****, acme.client-secret=****, acme.db.password=****, "
          + "acme.ssh.key=****, acme.ssh.passphrase=****, acme.user='bob'}");
    }

    @Test
    void showsOrdinarySettingsSortedQuotedAndPrintable() {
      Settings settings = Settings.builder()
          .set("steward.transport", "ssh")
          .set(CoreSettings.COMMAND_TIMEOUT, Duration.ofSeconds(5))
          .set("acme.note", "two\nlines")
          .build();

      assertThat(settings).hasToString("Settings{acme.note='two\\x0alines', steward.command.timeout=PT5S, steward.transport='ssh'}");
      assertThat(Settings.empty()).hasToString("Settings{}");
    }
  }
}
