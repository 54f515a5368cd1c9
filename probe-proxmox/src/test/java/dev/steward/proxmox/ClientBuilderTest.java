package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What the builder accepts as the server's address, and how it reports bad settings: all at once. */
class ClientBuilderTest {
  private static final ApiToken TOKEN = new ApiToken("steward@pve!probe", Secret.of("x"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "https://pve1.lab.example, https://pve1.lab.example:8006/api2/json",
      "https://pve1:8006, https://pve1:8006/api2/json",
      "pve1:8006, https://pve1:8006/api2/json",
      "https://10.0.0.5:8006/api2/json, https://10.0.0.5:8006/api2/json",
      "https://10.0.0.5:8006/api2/json/, https://10.0.0.5:8006/api2/json",
      "https://proxy.example:443/pve/, https://proxy.example:443/pve/api2/json",
      "https://[::1]:8006, https://[::1]:8006/api2/json",
      "HTTPS://PVE1, https://PVE1:8006/api2/json"})
  @DisplayName("reads the server's address as users write it: port 8006 and the API path added when left out")
  void readsAddresses(String written, String base) {
    assertThat(ProxmoxClient.builder(written).credentials(TOKEN).build().config().baseUri()).hasToString(base);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://pve1:8006", "https://", "https://user:pw@pve1", "https://pve1/?x=1", "ftp://pve1", "https://pve 1"})
  @DisplayName("refuses what is not an https address of a server")
  void refusesOtherAddresses(String written) {
    assertThatThrownBy(() -> ProxmoxClient.builder(written).credentials(TOKEN).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be built");
  }

  @Test
  @DisplayName("reports every bad setting in one error")
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> ProxmoxClient.builder("http://pve1").insecure().pin(Fingerprint.parse("AB".repeat(32)))
        .maxConcurrency(0).connectTimeout(Duration.ZERO).ticketRenewal(Duration.ofHours(3)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an https URL")
        .hasMessageContaining("no credentials")
        .hasMessageContaining("insecure mode and a pinned fingerprint exclude each other")
        .hasMessageContaining("maxConcurrency must be 1 to 64, not 0")
        .hasMessageContaining("timeouts must be positive")
        .hasMessageContaining("ticketRenewal must be 1 to 110 minutes");
  }

  @Test
  @DisplayName("defaults: 3 in flight, 10 s to connect, 40 s per request, the default retries, renewal after an hour")
  void hasTheDocumentedDefaults() {
    ProxmoxClientConfig config = ProxmoxClient.builder("pve1").credentials(TOKEN).build().config();

    assertThat(config.maxConcurrency()).isEqualTo(3);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(40));
    assertThat(config.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(config.ticketRenewal()).isEqualTo(Duration.ofHours(1));
    assertThat(config.insecure()).isFalse();
    assertThat(config.pinnedFingerprint()).isEmpty();
    assertThat(config.server()).isEqualTo("https://pve1:8006");
  }
}
