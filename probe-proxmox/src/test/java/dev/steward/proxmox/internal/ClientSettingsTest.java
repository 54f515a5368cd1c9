package dev.steward.proxmox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.InvalidSettingsException;
import dev.steward.SettingProblem;
import dev.steward.Settings;
import dev.steward.proxmox.ApiToken;
import dev.steward.proxmox.DiscoveryOptions;
import dev.steward.proxmox.Fingerprint;
import dev.steward.proxmox.ProxmoxClientConfig;
import dev.steward.proxmox.ProxmoxSettings;
import dev.steward.proxmox.ResourceType;
import dev.steward.proxmox.UserPassword;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings to client and discovery options: secrets from a file or a variable, every problem at once. */
class ClientSettingsTest {
  private static final String PIN = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

  @TempDir
  Path dir;

  private static Settings.Builder base() {
    return Settings.builder().set(ProxmoxSettings.URL.name(), "https://pve1.lab:8006");
  }

  @Test
  @DisplayName("a token's secret comes from the file named, else from the variable named, STEWARD_PROXMOX_TOKEN_SECRET by default")
  void readsTheTokenSecret() throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "from-file\n");
    Settings withFile = base().set(ProxmoxSettings.TOKEN_ID.name(), "steward@pve!probe")
        .set(ProxmoxSettings.TOKEN_SECRET_FILE.name(), file.toString()).build();
    Settings withVariable = base().set(ProxmoxSettings.TOKEN_ID.name(), "steward@pve!probe").build();

    ProxmoxClientConfig fromFile = ClientSettings.builder(withFile, Map.of("STEWARD_PROXMOX_TOKEN_SECRET", "from-env")).build().config();
    ProxmoxClientConfig fromVariable = ClientSettings.builder(withVariable, Map.of("STEWARD_PROXMOX_TOKEN_SECRET", "from-env")).build()
        .config();

    assertThat(((ApiToken) fromFile.credentials()).secret().reveal()).isEqualTo("from-file");
    assertThat(((ApiToken) fromVariable.credentials()).secret().reveal()).isEqualTo("from-env");
    assertThat(fromFile.baseUri()).hasToString("https://pve1.lab:8006/api2/json");
  }

  @Test
  @DisplayName("a user's password comes from the file or the variable named; the rest of the settings reach the client")
  void readsAUserAndTheRest() {
    Settings settings = base().set(ProxmoxSettings.USER.name(), "root@pam").set(ProxmoxSettings.PASSWORD_ENV.name(), "PVE_PW")
        .set(ProxmoxSettings.FINGERPRINT.name(), PIN.toLowerCase(Locale.ROOT).replace(":", ""))
        .set(ProxmoxSettings.MAX_CONCURRENCY.name(), "2").set(ProxmoxSettings.REQUEST_TIMEOUT.name(), "1m")
        .set(ProxmoxSettings.RETRIES.name(), "0").set(ProxmoxSettings.TICKET_RENEWAL.name(), "30m").build();

    ProxmoxClientConfig config = ClientSettings.builder(settings, Map.of("PVE_PW", "secret")).build().config();

    assertThat(config.credentials()).isInstanceOf(UserPassword.class);
    assertThat(config.pinnedFingerprint()).hasValue(Fingerprint.parse(PIN));
    assertThat(config.maxConcurrency()).isEqualTo(2);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.retryPolicy().retries()).isZero();
    assertThat(config.retryPolicy().nodeUnreachableRetries()).isZero();
    assertThat(config.ticketRenewal()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  @DisplayName("every problem is reported at once: no URL, both a token and a user, an insecure pin")
  void reportsEveryProblem() {
    Settings settings = Settings.builder().set(ProxmoxSettings.TOKEN_ID.name(), "steward@pve!probe")
        .set(ProxmoxSettings.USER.name(), "root@pam").set(ProxmoxSettings.INSECURE.name(), "true")
        .set(ProxmoxSettings.FINGERPRINT.name(), PIN).set(ProxmoxSettings.RETRY_MAX_DELAY.name(), "100ms").build();

    assertThatThrownBy(() -> ClientSettings.builder(settings, Map.of())).isInstanceOfSatisfying(InvalidSettingsException.class,
        e -> assertThat(e.problems()).extracting(SettingProblem::name).containsExactlyInAnyOrder(ProxmoxSettings.URL.name(),
            ProxmoxSettings.USER.name(), ProxmoxSettings.RETRY_MAX_DELAY.name(), ProxmoxSettings.INSECURE.name()));
  }

  @Test
  @DisplayName("no credentials, a missing variable and a bad token id are each named with what to set")
  void namesWhatToSet() {
    assertThatThrownBy(() -> ClientSettings.builder(base().build(), Map.of())).isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("steward.proxmox.token-id: not set: give an API token id");
    assertThatThrownBy(() -> ClientSettings.builder(base().set(ProxmoxSettings.TOKEN_ID.name(), "steward@pve!probe").build(), Map.of()))
        .hasMessageContaining("steward.proxmox.token-secret-env: The environment variable STEWARD_PROXMOX_TOKEN_SECRET is not set")
        .hasMessageContaining("or name a file in steward.proxmox.token-secret-file");
    assertThatThrownBy(() -> ClientSettings.builder(base().set(ProxmoxSettings.TOKEN_ID.name(), "steward").build(),
        Map.of("STEWARD_PROXMOX_TOKEN_SECRET", "x"))).hasMessageContaining("steward.proxmox.token-id: 'steward' is not an API token id");
  }

  @Test
  @DisplayName("a token secret that cannot travel in a header is blamed on where it came from, not on the token id")
  void blamesTheSecretsSource() throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "two words\n");
    Settings settings = base().set(ProxmoxSettings.TOKEN_ID.name(), "steward@pve!probe")
        .set(ProxmoxSettings.TOKEN_SECRET_FILE.name(), file.toString()).build();

    assertThatThrownBy(() -> ClientSettings.builder(settings, Map.of())).isInstanceOfSatisfying(InvalidSettingsException.class,
        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
          assertThat(p.name()).isEqualTo(ProxmoxSettings.TOKEN_SECRET_FILE.name());
          assertThat(p.problem()).contains("holds a space").doesNotContain("two words");
        }));
  }

  @Test
  @DisplayName("settings with rules refuse bad values before anything is built")
  void settingRulesApply() {
    Settings settings = base().set(ProxmoxSettings.FINGERPRINT.name(), "AB:CD").set(ProxmoxSettings.OBSERVE.name(), "guests,vms")
        .set(ProxmoxSettings.MAX_CONCURRENCY.name(), "100").build();

    assertThatThrownBy(() -> ClientSettings.builder(settings, Map.of())).isInstanceOfSatisfying(InvalidSettingsException.class,
        e -> assertThat(e.problems()).extracting(SettingProblem::name).containsExactlyInAnyOrder(ProxmoxSettings.FINGERPRINT.name(),
            ProxmoxSettings.OBSERVE.name(), ProxmoxSettings.MAX_CONCURRENCY.name()));
  }

  @Test
  @DisplayName("the probe's discovery options come from observe and the task, log and config settings")
  void readsDiscoveryOptions() {
    Settings settings = base().set(ProxmoxSettings.OBSERVE.name(), "guests,logs").set(ProxmoxSettings.TASK_PAGE_SIZE.name(), "500")
        .set(ProxmoxSettings.TASKS_PER_NODE.name(), "2000").set(ProxmoxSettings.TASK_MAX_AGE.name(), "7d")
        .set(ProxmoxSettings.LOG_LINES.name(), "50").build();

    DiscoveryOptions options = ClientSettings.discoveryOptions(settings);

    assertThat(options.types()).containsExactlyInAnyOrder(ResourceType.GUESTS, ResourceType.TASKS, ResourceType.TASK_LOGS);
    assertThat(options.taskPageSize()).isEqualTo(500);
    assertThat(options.tasksPerNode()).isEqualTo(2000);
    assertThat(options.taskMaxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(options.logLines()).isEqualTo(50);
    assertThat(options.configMaxAge()).isEqualTo(Duration.ofMinutes(10));
  }
}
