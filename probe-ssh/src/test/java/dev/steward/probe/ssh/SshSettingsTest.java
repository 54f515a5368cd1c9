package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.InvalidSettingsException;
import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshSettingsTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("reports every bad ssh setting at once, naming each")
  void reportsEveryBadSetting() {
    InvalidSettingsException e = catchThrowableOfType(() -> ProviderRegistry.discover().create(ExtensionPoint.TRANSPORT,
        Settings.fromText(java.util.Map.of("steward.transport", "ssh", "steward.ssh.port", "70000",
            "steward.ssh.host-key-policy", "trust-everyone", "steward.ssh.connect-timeout", "soon"))),
        InvalidSettingsException.class);

    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(dev.steward.SettingProblem::name).containsExactlyInAnyOrder(
        "steward.ssh.port", "steward.ssh.host-key-policy", "steward.ssh.connect-timeout");
    assertThat(e.getMessage()).contains("be 'strict' or 'accept-new'", "between 1 and 65535");
  }

  @Test
  @DisplayName("refuses a key exchange SSHD does not offer, listing those it does")
  void refusesUnknownKeyExchange() {
    InvalidSettingsException e = catchThrowableOfType(() -> SshTransport.open(TestSettings.isolated(dir)
        .set(SshSettings.KEX_ALGORITHMS, "curve25519-sha256,diffie-hellman-group1-sha0").build()), InvalidSettingsException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("steward.ssh.kex-algorithms", "diffie-hellman-group1-sha0", "which this SSHD does not offer",
        "mlkem768x25519-sha256");
  }

  @Test
  @DisplayName("reads identity file lists with ~ and 'none'")
  void readsIdentityFiles() {
    assertThat(SshSettings.identityFiles("none")).isEmpty();
    assertThat(SshSettings.identityFiles(" ~/.ssh/a , /k/b,")).containsExactly(
        Path.of(System.getProperty("user.home"), ".ssh", "a"), Path.of("/k/b"));
  }

  @Test
  @DisplayName("is strict about host keys unless told otherwise")
  void isStrictByDefault() {
    assertThat(Settings.empty().get(SshSettings.HOST_KEY_POLICY)).isEqualTo("strict");
    assertThat(HostKeyPolicy.parse("Accept-New")).contains(HostKeyPolicy.ACCEPT_NEW);
    assertThat(HostKeyPolicy.parse("yes")).isEmpty();
  }
}
