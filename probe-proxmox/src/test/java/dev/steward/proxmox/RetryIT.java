package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.testsupport.MutableClock;
import dev.steward.testsupport.Poll;
import java.nio.file.Path;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which failures are retried and when: the waits are recorded on the injected clock, with the
 * jitter fixed, so they are checked exactly.
 */
class RetryIT {
  private static final RetryPolicy THREE_FROM_400_MS = new RetryPolicy(3, 1, Duration.ofMillis(400), Duration.ofSeconds(10), 0.5);
  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final Pve.RecordingSleeper sleeper = new Pve.RecordingSleeper(clock);

  @TempDir
  Path dir;

  @Test
  @DisplayName("a refused connection is retried with exponential backoff and jitter: 62.5 % of 400, 800 and 1600 ms here")
  void backsOffExponentially() throws IOException {
    try (Socket refusing = refusingPort()) {
      ProxmoxClient client = ProxmoxClient.builder("https://127.0.0.1:" + refusing.getLocalPort()).credentials(Pve.token())
          .clock(clock).sleeper(sleeper).random(Pve.FixedRandom.QUARTER).retryPolicy(THREE_FROM_400_MS).build();

      assertThatThrownBy(client::version).isInstanceOfSatisfying(ProxmoxConnectionException.class, e -> {
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("refused the connection for GET /version");
      });
      assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000));
      assertThat(client.stats().requests()).isEqualTo(4);
      assertThat(client.stats().retries()).isEqualTo(3);
    }
  }

  /**
   * A loopback port bound and not listening: it refuses every connection at once, and no other
   * server can take it meanwhile (the port of a closed server may be reused on a busy machine).
   */
  static Socket refusingPort() throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return socket;
  }

  @Test
  @DisplayName("the waits stop growing at the longest allowed")
  void waitsAreCapped() throws IOException {
    try (Socket refusing = refusingPort()) {
      ProxmoxClient client = ProxmoxClient.builder("https://127.0.0.1:" + refusing.getLocalPort()).credentials(Pve.token())
          .clock(clock).sleeper(sleeper).random(Pve.FixedRandom.QUARTER)
          .retryPolicy(new RetryPolicy(3, 1, Duration.ofSeconds(4), Duration.ofSeconds(5), 0.5))
          .build();

      assertThatThrownBy(client::version).isInstanceOf(ProxmoxConnectionException.class);
      assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(2500), Duration.ofMillis(3125), Duration.ofMillis(3125));
    }
  }

  @Test
  @DisplayName("a node that comes back while the client waits answers the retry")
  void aRetryCanSucceed() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).start()) {
      pve.markNodeDown("pve2");
      Sleeper healing = duration -> {
        sleeper.sleep(duration);
        pve.bringNodeUp("pve2");
      };
      ProxmoxClient client = Pve.client(pve, clock, sleeper).sleeper(healing).build();

      assertThat(client.nodeStatus("pve2").node()).isEqualTo("pve2");
      assertThat(sleeper.waits()).containsExactly(Duration.ofNanos(312_500_000));
      assertThat(client.stats().retries()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a ticket login that times out is retried with the GET that needed it, after the backoff")
  void aLoginThatTimesOutIsRetriedWithItsGet() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).latency(Duration.ofMillis(400)).start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).credentials(new UserPassword(Pve.USER, Secret.of(Pve.PASSWORD)))
          .requestTimeout(Duration.ofMillis(100)).retryPolicy(new RetryPolicy(2, 1, Duration.ofMillis(400), Duration.ofSeconds(10), 0.5))
          .build();

      assertThatThrownBy(client::version).isInstanceOfSatisfying(ProxmoxTimeoutException.class,
          e -> assertThat(e.request()).isEqualTo("POST /access/ticket"));
      assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
      assertThat(client.stats().requests()).as("three logins, no GET").isEqualTo(3);
    }
  }

  @Test
  @DisplayName("a connection that breaks during the answer is retried once at once, without a wait")
  void aBrokenConnectionIsRetriedOnceAtOnce() throws Exception {
    try (DroppingServer server = new DroppingServer(dir, 1, DroppingServer.Drop.MID_ANSWER)) {
      ProxmoxClient client = droppingClient(server);

      assertThat(client.version().version()).isEqualTo("8.3.5");
      assertThat(server.connections()).isEqualTo(2);
      assertThat(client.stats().retries()).isEqualTo(1);
      assertThat(sleeper.waits()).isEmpty();
    }
  }

  @Test
  @DisplayName("a second break in a row is retried after the backoff")
  void aSecondBreakBacksOff() throws Exception {
    try (DroppingServer server = new DroppingServer(dir, 2, DroppingServer.Drop.MID_ANSWER)) {
      ProxmoxClient client = droppingClient(server);

      assertThat(client.version().version()).isEqualTo("8.3.5");
      assertThat(server.connections()).isEqualTo(3);
      assertThat(client.stats().retries()).isEqualTo(2);
      assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250));
    }
  }

  @Test
  @DisplayName("a connection closed before any answer, as a kept-alive one pveproxy dropped, costs no wait: it is tried again at once")
  void aConnectionClosedBeforeTheAnswerIsTriedAgainAtOnce() throws Exception {
    // The JDK's client (17 and later) itself sends a GET again once when a connection closes
    // without a byte; where it does not, the client's own retry at once does.
    try (DroppingServer server = new DroppingServer(dir, 1, DroppingServer.Drop.BEFORE_ANSWER)) {
      ProxmoxClient client = droppingClient(server);

      assertThat(client.version().version()).isEqualTo("8.3.5");
      assertThat(server.connections()).isEqualTo(2);
      assertThat(sleeper.waits()).isEmpty();
    }
  }

  private ProxmoxClient droppingClient(DroppingServer server) {
    return ProxmoxClient.builder(server.url()).credentials(Pve.token()).pin(server.fingerprint()).clock(clock).sleeper(sleeper)
        .random(Pve.FixedRandom.QUARTER).retryPolicy(THREE_FROM_400_MS).build();
  }

  @Test
  @DisplayName("an idle connection the server closed after its keep-alive time is not a failure: the next call goes through")
  void idleClosedConnectionsAreHarmless() {
    try (ProxmoxSimulator pve = Pve.simulator(clock).keepAliveIdle(Duration.ofMillis(50)).start()) {
      ProxmoxClient client = Pve.client(pve, clock, sleeper).build();
      client.version();
      Poll.until("the simulator to close the idle connection", () -> pve.requests().closedIdle() == 1);

      assertThat(client.version().release()).isEqualTo("8.3");
      assertThat(sleeper.waits()).isEmpty();
    }
  }
}
