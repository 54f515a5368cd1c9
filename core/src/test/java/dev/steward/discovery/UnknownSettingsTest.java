package dev.steward.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Settings;
import org.junit.jupiter.api.Test;

class UnknownSettingsTest {
  private final ProviderRegistry registry = ProviderRegistry.discover();

  @Test
  void knowsTheSettingsOfCoreAndOfEveryProviderFound() {
    assertThat(registry.knownSettingNames())
        .contains("steward.transport", "steward.command.timeout", "steward.store.dir", "steward.store.lock-timeout");
  }

  @Test
  void namesMistypedStewardSettingsWithTheClosestKnownOne() {
    Settings settings = Settings.builder()
        .set("steward.comand.timeout", "30s")
        .set("steward.completely-unrelated-thing", "x")
        .set("steward.store.dir", "/tmp/state")
        .set("acme.anything", "left alone")
        .build();

    assertThat(registry.unknownSettings(settings)).containsExactly(
        "steward.comand.timeout (did you mean steward.command.timeout?)",
        "steward.completely-unrelated-thing");
  }

  @Test
  void statusSettingsAreKnown() {
    assertThat(registry.knownSettingNames()).contains("steward.status.dir", "steward.status.heartbeat",
        "steward.status.stale-after", "steward.status.idle-timeout", "steward.status.request-limit",
        "steward.status.client-limit");
  }
}
