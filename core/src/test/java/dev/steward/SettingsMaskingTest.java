package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsMaskingTest {
  @ParameterizedTest
  @ValueSource(strings = {"acme.api-key", "acme.apikey", "acme.ssh.key", "acme.credentials", "acme.private-key-file",
      "acme.password", "acme.token", "acme.client-secret", "acme.passphrase"})
  void masksUnknownKeysNamedLikeSecrets(String name) {
    Settings settings = Settings.builder().set(name, "hunter2").build();

    assertThat(settings.toString()).contains(name + "=****").doesNotContain("hunter2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme.host", "acme.keyboard-layout"})
  void showsOtherUnknownKeys(String name) {
    assertThat(Settings.builder().set(name, "visible").build().toString()).contains(name + "='visible'");
  }
}
