package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.proxmox.simulator.Profile;
import dev.steward.testsupport.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each way of logging in, and each way it fails, over real HTTPS against the simulator. */
class AuthenticationIT {
  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final Pve.RecordingSleeper sleeper = new Pve.RecordingSleeper(clock);
  private ProxmoxSimulator pve;

  @BeforeEach
  void start() {
    pve = Pve.simulator(clock).userWithSecondFactor("alice@pve", "alice-password", "totp:123456").start();
  }

  @AfterEach
  void stop() {
    pve.close();
  }

  private ProxmoxClient client(ProxmoxCredentials credentials) {
    return Pve.client(pve, clock, sleeper).credentials(credentials).build();
  }

  private ProxmoxClient passwordClient() {
    return client(new UserPassword(Pve.USER, Secret.of(Pve.PASSWORD)));
  }

  @Test
  @DisplayName("an API token works on every request, with no login")
  void anApiTokenNeedsNoLogin() {
    ProxmoxClient client = client(Pve.token());

    assertThat(client.version().version()).isEqualTo(Profile.PVE_8_3.version());
    assertThat(client.clusterStatus().name()).hasValue("lab");
    assertThat(client.stats().logins()).isZero();
    assertThat(pve.requests().served()).isEqualTo(2);
  }

  @Test
  @DisplayName("a wrong token secret is refused as bad credentials, once, without a retry and without the secret in the message")
  void aWrongTokenIsRefusedOnce() {
    ProxmoxClient client = client(new ApiToken(Pve.TOKEN_ID, Secret.of("not-the-secret-0000")));

    assertThatThrownBy(client::version).isInstanceOfSatisfying(ProxmoxAuthenticationException.class, e -> {
      assertThat(e.kind()).isEqualTo(ProxmoxException.Kind.AUTHENTICATION);
      assertThat(e.status()).hasValue(401);
      assertThat(e.principal()).isEqualTo(Pve.TOKEN_ID);
      assertThat(e.isTransient()).isFalse();
      assertThat(e.getMessage()).contains(Pve.TOKEN_ID, "refused the API token", "Not retried").doesNotContain("not-the-secret");
    });
    assertThat(pve.requests().served()).isEqualTo(1);
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  @DisplayName("a password login gets a ticket and sends it as the cookie")
  void aPasswordLoginGetsATicket() {
    ProxmoxClient client = passwordClient();

    assertThat(client.version().version()).isEqualTo(Profile.PVE_8_3.version());
    assertThat(client.nodes()).extracting(ClusterNode::name).containsExactly("pve1", "pve2", "pve3");
    assertThat(client.stats()).satisfies(s -> {
      assertThat(s.logins()).isEqualTo(1);
      assertThat(s.renewals()).isZero();
      assertThat(s.requests()).isEqualTo(3);
    });
  }

  @Test
  @DisplayName("a wrong password is refused as bad credentials, once, without the password in the message")
  void aWrongPasswordIsRefusedOnce() {
    ProxmoxClient client = client(new UserPassword(Pve.USER, Secret.of("wrong-password")));

    assertThatThrownBy(client::version).isInstanceOfSatisfying(ProxmoxAuthenticationException.class, e -> {
      assertThat(e.request()).isEqualTo("POST /access/ticket");
      assertThat(e.status()).hasValue(401);
      assertThat(e.getMessage()).contains("refused the login of root@pam").doesNotContain("wrong-password");
    });
    assertThat(pve.requests().served()).isEqualTo(1);
  }

  @Test
  @DisplayName("after an hour the ticket is renewed by posting it, not the password, and the renewed one outlives the first")
  void renewsTheTicketAfterAnHour() {
    ProxmoxClient client = passwordClient();
    client.version();

    clock.advance(Duration.ofMinutes(61));
    client.version();
    assertThat(client.stats().renewals()).isEqualTo(1);

    // 122 minutes after the first login its ticket is dead; the renewed one (61 minutes old) carries on.
    clock.advance(Duration.ofMinutes(61));
    assertThat(client.version().version()).isEqualTo(Profile.PVE_8_3.version());
    assertThat(client.stats().renewals()).isEqualTo(2);
    assertThat(client.stats().logins()).isEqualTo(1);
  }

  @Test
  @DisplayName("a ticket that has expired is replaced by a login with the password")
  void logsInAgainOnceTheTicketExpired() {
    ProxmoxClient client = passwordClient();
    client.version();

    clock.advance(Duration.ofHours(3));

    assertThat(client.version().version()).isEqualTo(Profile.PVE_8_3.version());
    assertThat(client.stats().logins()).isEqualTo(2);
    assertThat(client.stats().renewals()).isZero();
  }

  @Test
  @DisplayName("a ticket the server refuses early (401) is replaced by a fresh login, and the call goes through")
  void logsInAgainWhenTheServerRefusesTheTicket() {
    ProxmoxClient client = passwordClient();
    client.version();

    pve.expireTickets();

    assertThat(client.nodes()).hasSize(3);
    assertThat(client.stats().logins()).isEqualTo(2);
    // login, version, the refused call, login, the call again
    assertThat(pve.requests().served()).isEqualTo(5);
  }

  @Test
  @DisplayName("a user with a second factor gets 'second factor required: not supported, use an API token'")
  void aSecondFactorIsNotSupported() {
    ProxmoxClient client = client(new UserPassword("alice@pve", Secret.of("alice-password")));

    assertThatThrownBy(client::version).isInstanceOfSatisfying(SecondFactorRequiredException.class, e -> {
      assertThat(e.kind()).isEqualTo(ProxmoxException.Kind.SECOND_FACTOR);
      assertThat(e.principal()).isEqualTo("alice@pve");
      assertThat(e.getMessage()).contains("second factor required: not supported, use an API token")
          .doesNotContain("alice-password");
    });
  }

  @Test
  @DisplayName("logins, renewals, refusals and fresh logins log no password, ticket or token secret")
  void logsNoSecret() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ProxmoxClient client = passwordClient();
      client.version();
      clock.advance(Duration.ofMinutes(61));
      client.version();
      pve.expireTickets();
      client.version();
      clock.advance(Duration.ofHours(3));
      client.version();
      catchThrowable(() -> client(new UserPassword(Pve.USER, Secret.of("wrong-password"))).version());
      catchThrowable(() -> client(new ApiToken(Pve.TOKEN_ID, Secret.of("wrong-token-secret"))).version());
    } finally {
      System.setErr(original);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("Renewed the ticket of root@pam", "logging in again");
    assertThat(log).doesNotContain(Pve.PASSWORD, "wrong-password", "wrong-token-secret", Pve.TOKEN_SECRET, "PVE:root@pam:",
        "PVEAuthCookie", "CSRFPreventionToken:");
  }

  @Test
  @DisplayName("a write with a ticket carries the CSRF token: it passes the auth step (the simulator then answers 501)")
  void aWriteWithATicketCarriesTheCsrfToken() {
    ProxmoxClient client = passwordClient();

    assertThatThrownBy(() -> client.postJson("/nodes/pve1/qemu/100/status/start", Map.of()))
        .isInstanceOfSatisfying(ProxmoxServerException.class, e -> {
          assertThat(e.status()).hasValue(501);
          assertThat(e.request()).isEqualTo("POST /nodes/pve1/qemu/100/status/start");
        });
    assertThat(client.stats().logins()).isEqualTo(1);
  }
}
