package dev.steward.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testsupport.Poll;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** pveproxy's connection habits: idle keep-alive connections closed, a request cap per connection, counters. */
class ConnectionTest {
  private static final Duration IDLE = Duration.ofMillis(300);

  private final ProxmoxSimulator pve = ProxmoxSimulator.builder().nodes(1).guests(2).authDelay(Duration.ZERO)
      .keepAliveIdle(IDLE).maxRequestsPerConnection(3).start();
  private final String token = pve.tokenHeader().orElseThrow();

  @AfterEach
  void stop() {
    pve.close();
  }

  @Test
  void keepsAConnectionForSeveralRequestsAndClosesItOnceIdle() throws Exception {
    try (RawHttps raw = new RawHttps(pve)) {
      RawHttps.Response first = raw.exchange("GET", "/api2/json/version", "Authorization", token);
      RawHttps.Response second = raw.exchange("GET", "/api2/json/nodes", "Authorization", token);

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("Connection")).isEqualTo("Keep-Alive");
      assertThat(first.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
      assertThat(first.header("Server")).isEqualTo("pve-api-daemon/3.0");
      assertThat(second.status()).isEqualTo(200);
      assertThat(raw.closedByServerWithin(Duration.ofSeconds(20))).isTrue();
    }
    Poll.until("the idle close to be counted", () -> pve.requests().closedIdle() == 1);
  }

  @Test
  void closesAConnectionAfterItsLastAllowedRequest() throws Exception {
    try (RawHttps raw = new RawHttps(pve)) {
      assertThat(raw.exchange("GET", "/api2/json/version", "Authorization", token).header("Connection")).isEqualTo("Keep-Alive");
      assertThat(raw.exchange("GET", "/api2/json/version", "Authorization", token).header("Connection")).isEqualTo("Keep-Alive");
      RawHttps.Response third = raw.exchange("GET", "/api2/json/version", "Authorization", token);

      assertThat(third.status()).isEqualTo(200);
      assertThat(third.header("Connection")).isEqualTo("close");
      assertThat(raw.closedByServerWithin(Duration.ofSeconds(20))).isTrue();
    }
    Poll.until("the capped close to be counted", () -> pve.requests().closedAtCap() == 1);
  }

  @Test
  void countsRequestsAndConnectionsAndStartsAfreshOnReset() throws Exception {
    Api api = new Api(pve);
    for (int i = 0; i < 5; i++) {
      assertThat(api.get("/version").status()).isEqualTo(200);
    }
    RequestCounters counted = pve.requests();
    assertThat(counted.served()).isEqualTo(5);
    assertThat(counted.maxInFlight()).isGreaterThanOrEqualTo(1);
    assertThat(counted.connections()).as("3 requests per connection at most").isGreaterThanOrEqualTo(2);
    assertThat(counted.inFlight()).isZero();

    pve.resetCounters();

    assertThat(pve.requests().served()).isZero();
    assertThat(api.get("/version").status()).isEqualTo(200);
    assertThat(pve.requests().served()).isEqualTo(1);
  }
}
