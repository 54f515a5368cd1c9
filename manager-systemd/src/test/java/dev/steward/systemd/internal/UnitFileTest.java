package dev.steward.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.systemd.SystemdSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitFileTest {
  private static final ResourceKey KEY = ResourceKey.of("node", "web-1", "h1");

  private static String section(String text) {
    return text.substring(text.indexOf(UnitFile.SECTION));
  }

  private static String body(String text) {
    return text.substring(0, text.indexOf(UnitFile.SECTION));
  }

  @Test
  void writesEveryLineOfTheUnitAndSignsItWithTheResourceInstanceAndHash() {
    Spec spec = Spec.of(KEY)
        .with(ProcessSpec.COMMAND, "/usr/bin/python3 -m http.server 8080")
        .with(ProcessSpec.DIRECTORY, "/srv/web")
        .with("env.GREETING", "hello world")
        .with(SystemdSpec.USER, "www-data")
        .with(SystemdSpec.MEMORY_MAX, "512M")
        .with(SystemdSpec.CPU_QUOTA, "50%");

    String text = UnitFile.render(spec, "main", Duration.ofMillis(10_500));

    assertThat(body(text)).isEqualTo("""
        # Written by Steward for node/web-1: Steward rewrites it when the spec changes, so edits here do not last.
        [Unit]
        Description=Steward node/web-1

        [Service]
        Type=exec
        ExecStart="/usr/bin/python3" "-m" "http.server" "8080"
        User=www-data
        WorkingDirectory=/srv/web
        Environment="STEWARD_INSTANCE=main"
        Environment="STEWARD_RESOURCE=node/web-1"
        Environment="GREETING=hello world"
        Restart=no
        TimeoutStopSec=10500ms
        MemoryMax=512M
        CPUQuota=50%

        """);
    assertThat(section(text)).isEqualTo("[X-Steward]\nResource=node/web-1\nInstance=main\nSpecHash="
        + UnitFile.hash(body(text).substring(0, body(text).length() - 1)) + "\n");
    assertThat(UnitFile.owner(text)).contains(new UnitFile.Owner("node/web-1", "main", UnitFile.hash(body(text).strip() + "\n")));
  }

  @Test
  void quotesPercentDollarSpacesQuotesAndBackslashesInTheCommandAsSystemdReadsThem() {
    Spec spec = Spec.of(KEY).with(ProcessSpec.COMMAND, "printf '100%% of $HOME \"q\" a\\b' 'two words'");

    String text = UnitFile.render(spec, "main", Duration.ofSeconds(1));

    assertThat(text).contains("\nExecStart=\"printf\" \"100%%%% of $$HOME \\\"q\\\" a\\\\b\" \"two words\"\n");
  }

  @Test
  void doublesPercentButNotDollarInEnvironmentValues() {
    Spec spec = Spec.of(KEY).with(ProcessSpec.COMMAND, "sleep 600").with("env.PRICE", "5% of $X \"y\"");

    assertThat(UnitFile.render(spec, "main", Duration.ofSeconds(1)))
        .contains("\nEnvironment=\"PRICE=5%% of $X \\\"y\\\"\"\n");
  }

  @Test
  void restartsOnlyWhenTheSpecAsksAndTheHashFollowsEveryChange() {
    Spec spec = Spec.of(KEY).with(ProcessSpec.COMMAND, "sleep 600");
    String plain = UnitFile.render(spec, "main", Duration.ofSeconds(1));
    String restarting = UnitFile.render(spec.with(SystemdSpec.RESTART, "on-failure"), "main", Duration.ofSeconds(1));

    assertThat(plain).contains("\nRestart=no\n");
    assertThat(restarting).contains("\nRestart=on-failure\n");
    assertThat(UnitFile.owner(plain).orElseThrow().specHash()).isNotEqualTo(UnitFile.owner(restarting).orElseThrow().specHash());
    assertThat(UnitFile.render(spec, "main", Duration.ofSeconds(1))).isEqualTo(plain);
  }

  @Test
  void refusesWhatAUnitCannotSaySafely() {
    Spec spec = Spec.of(KEY).with(ProcessSpec.COMMAND, "sleep 600");

    assertThatThrownBy(() -> UnitFile.render(spec.with(SystemdSpec.USER, "root\nExecStartPre=/bin/evil"), "main", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("The user of node/web-1@h1 is 'root?ExecStartPre=/bin/evil': use a user name or uid");
    assertThatThrownBy(() -> UnitFile.render(spec.with(ProcessSpec.DIRECTORY, "srv"), "main", Duration.ZERO))
        .hasMessage("The directory of node/web-1@h1 is 'srv': give an absolute path without control characters");
    assertThatThrownBy(() -> UnitFile.render(spec.with("env.A-B", "x"), "main", Duration.ZERO))
        .hasMessageContaining("The environment variable 'A-B' of node/web-1@h1 cannot be set by systemd");
    assertThatThrownBy(() -> UnitFile.render(spec.with("env.STEWARD_INSTANCE", "x"), "main", Duration.ZERO))
        .hasMessage("The spec of node/web-1@h1 sets STEWARD_INSTANCE, which Steward sets itself");
    assertThatThrownBy(() -> UnitFile.render(spec.with(SystemdSpec.MEMORY_MAX, "lots"), "main", Duration.ZERO))
        .hasMessageStartingWith("The memory-max of node/web-1@h1 is 'lots'");
    assertThatThrownBy(() -> UnitFile.render(Spec.of(KEY), "main", Duration.ZERO))
        .hasMessageContaining("has no 'command' property");
  }

  @Test
  void aUnitWithoutStewardsSectionHasNoOwner() {
    assertThat(UnitFile.owner("[Unit]\nDescription=x\n[Service]\nExecStart=/bin/true\n")).isEmpty();
    assertThat(UnitFile.owner("[Service]\nResource=node/a\nInstance=main\nSpecHash=00\n")).isEmpty();
  }
}
