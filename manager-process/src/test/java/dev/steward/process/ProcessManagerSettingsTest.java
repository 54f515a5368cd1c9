package dev.steward.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.CoreSettings;
import dev.steward.InvalidSettingsException;
import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessManagerSettingsTest {
  @Test
  void defaultsToTenSecondsOfGraceAndTwoSecondsOfStartCheck() {
    Settings none = Settings.empty();

    assertThat(none.get(ProcessManagerSettings.STOP_GRACE)).isEqualTo(Duration.ofSeconds(10));
    assertThat(none.get(ProcessManagerSettings.START_CHECK)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theDefaultDirectoryIsPerInstanceUnderTheStateHome() {
    // Surefire points XDG_STATE_HOME into target/, as the root pom says.
    Path home = Path.of(System.getenv("XDG_STATE_HOME"));

    assertThat(ProcessManagerSettings.directory(Settings.empty()))
        .isEqualTo(home.resolve("steward").resolve("default").resolve("processes"));
    assertThat(ProcessManagerSettings.directory(Settings.builder().set(CoreSettings.INSTANCE, "blue").build()))
        .isEqualTo(home.resolve("steward/blue/processes"));
    assertThat(ProcessManagerSettings.directory(Settings.fromText(Map.of("steward.process.dir", "/srv/p"))))
        .isEqualTo(Path.of("/srv/p"));
  }

  @Test
  void badValuesAreReportedAllAtOnceByName() {
    Settings bad = Settings.fromText(Map.of(
        "steward.process-manager", "process",
        "steward.process.start-check", "0s",
        "steward.process.stop-grace", "soon"));

    assertThatThrownBy(() -> ProviderRegistry.discover().create(ExtensionPoint.PROCESS_MANAGER, bad))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("steward.process.start-check")
        .hasMessageContaining("must be positive")
        .hasMessageContaining("steward.process.stop-grace")
        .hasMessageContaining("'soon' is not a duration");
  }
}
