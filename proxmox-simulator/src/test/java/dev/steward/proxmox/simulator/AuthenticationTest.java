package dev.steward.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.testsupport.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthenticationTest {
  private static final Duration DELAY = Duration.ofMillis(40);
  private static final String TOKEN = "steward@pve!probe";
  private static final String SECRET = "0b0b2a46-5d1f-4b9e-8d43-0a1f1d0e9c11";

  private final MutableClock clock = MutableClock.startingAtEpochOf2026();
  private final ProxmoxSimulator pve = ProxmoxSimulator.builder().nodes(2).guests(4).tasksPerNode(5).seed(7)
      .authDelay(DELAY).clock(clock)
      .token(TOKEN, SECRET)
      .token("blind@pve!probe", "secret", Set.of(Privilege.VM_AUDIT))
      .user("root@pam", "password")
      .user("viewer@pve", "viewpass", Set.of(Privilege.VM_AUDIT))
      .userWithSecondFactor("secure@pve", "pw", "totp:123456")
      .start();
  private final Api api = new Api(pve);

  @AfterEach
  void stop() {
    pve.close();
  }

  @Test
  void acceptsTheTokenHeaderWithAnEqualsSignOrASpaceAndPercentEncoded() {
    assertThat(api.get("/version", "Authorization", "PVEAPIToken=" + TOKEN + "=" + SECRET).status()).isEqualTo(200);
    assertThat(api.get("/version", "Authorization", "PVEAPIToken " + TOKEN + "=" + SECRET).status()).isEqualTo(200);
    assertThat(api.get("/version", "Authorization", "PVEAPIToken=steward%40pve%21probe=" + SECRET + ";ignored").status())
        .isEqualTo(200);
  }

  @Test
  void answersTheAuthStepWithAnEmptyDelayed401AndClosesTheConnection() throws Exception {
    Api.Answer wrong = api.get("/version", "Authorization", "PVEAPIToken=" + TOKEN + "=wrong");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).isEmpty();
    assertThat(wrong.elapsed()).isGreaterThanOrEqualTo(DELAY);

    try (RawHttps raw = new RawHttps(pve)) {
      RawHttps.Response none = raw.exchange("GET", "/api2/json/version");
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.reason()).isEqualTo("No ticket");
      assertThat(none.body()).isEmpty();
      assertThat(none.header("Connection")).isEqualTo("close");
      assertThat(raw.closedByServerWithin(Duration.ofSeconds(10))).isTrue();
    }
    try (RawHttps raw = new RawHttps(pve)) {
      RawHttps.Response forged = raw.exchange("GET", "/api2/json/version", "Cookie", "PVEAuthCookie=PVE:root@pam:6955B900::AAAA");
      assertThat(forged.status()).isEqualTo(401);
      assertThat(forged.reason()).isEqualTo("Authentication failed!");
    }
  }

  @Test
  void logsInWithAPasswordAndAnswersTicketCsrfTokenCapAndClusterName() {
    JsonNode login = api.login("root@pam", "password");

    assertThat(login.get("username").asText()).isEqualTo("root@pam");
    assertThat(login.get("ticket").asText()).matches("PVE:root@pam:[0-9A-F]{8}::[A-Za-z0-9+/]+={0,2}");
    assertThat(login.get("ticket").asText()).contains(":" + hex(clock.instant().getEpochSecond()) + "::");
    assertThat(login.get("CSRFPreventionToken").asText()).matches("[0-9A-F]{8}:[A-Za-z0-9+/]{43}");
    assertThat(login.get("cap").get("nodes").get("Sys.Audit").asInt()).isEqualTo(1);
    assertThat(login.get("cap").get("vms").get("VM.Audit").asInt()).isEqualTo(1);
    assertThat(login.get("clustername").asText()).isEqualTo("lab");
    assertThat(login.has("NeedTFA")).isFalse();
  }

  @Test
  void takesTheLoginAsAJsonBodyToo() {
    Api.Answer answer = api.send("POST", "/access/ticket", "{\"username\":\"root@pam\",\"password\":\"password\"}",
        "Content-Type", "application/json");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.data().get("ticket").asText()).startsWith("PVE:root@pam:");
  }

  @Test
  void leavesOutTheClusterNameForAUserWithoutSysAudit() {
    JsonNode login = api.login("viewer@pve", "viewpass");

    assertThat(login.has("clustername")).isFalse();
    assertThat(login.get("cap").get("nodes").size()).isZero();
  }

  @Test
  void takesTheRealmFromItsOwnField() {
    Api.Answer answer = api.post("/access/ticket", Map.of("username", "root", "realm", "pam", "password", "password"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.data().get("username").asText()).isEqualTo("root@pam");
  }

  @Test
  void acceptsTheTicketAsCookieRawOrPercentEncodedAndAsAuthorizationHeader() {
    String ticket = api.login("root@pam", "password").get("ticket").asText();

    assertThat(api.get("/version", "Cookie", "PVEAuthCookie=" + ticket).status()).isEqualTo(200);
    assertThat(api.get("/version", "Cookie", "other=1; PVEAuthCookie=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8))
        .status()).isEqualTo(200);
    assertThat(api.get("/version", "Authorization", "PVEAuthCookie=" + ticket).status()).isEqualTo(200);
  }

  @Test
  void refusesAWrongPasswordWithA401JsonBodyAfterTheDelay() {
    Api.Answer refused = api.post("/access/ticket", Map.of("username", "root@pam", "password", "nope"));

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().has("data")).isTrue();
    assertThat(refused.json().get("data").isNull()).isTrue();
    // PVE 8.3 predates libpve-http-server-perl 5.2.0: no message in the body.
    assertThat(refused.json().has("message")).isFalse();
    assertThat(refused.elapsed()).isGreaterThanOrEqualTo(DELAY);
    assertThat(refused.header("Connection")).isEqualTo("close");
  }

  @Test
  void namesTheLoginFailureInTheBodyOnNewServers() throws Exception {
    try (ProxmoxSimulator newer = ProxmoxSimulator.builder().profile(Profile.PVE_9_1).nodes(1).guests(1)
        .authDelay(DELAY).user("root@pam", "password").start()) {
      Api.Answer refused = new Api(newer).post("/access/ticket", Map.of("username", "root@pam", "password", "nope"));

      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.body()).isEqualTo("{\"data\":null,\"message\":\"authentication failure\\n\"}");
      try (RawHttps raw = new RawHttps(newer)) {
        RawHttps.Response none = raw.exchange("GET", "/api2/json/version");
        assertThat(none.body()).as("the auth step never has a body").isEmpty();
      }
    }
  }

  @Test
  void wantsTheCsrfTokenOnWritesWithATicketOnly() throws Exception {
    JsonNode login = api.login("root@pam", "password");
    String cookie = "PVEAuthCookie=" + login.get("ticket").asText();

    try (RawHttps raw = new RawHttps(pve)) {
      RawHttps.Response without = raw.exchange("POST", "/api2/json/nodes/pve1/qemu", "Cookie", cookie, "Content-Length", "0");
      assertThat(without.status()).isEqualTo(401);
      assertThat(without.reason()).isEqualTo("Permission denied - invalid csrf token");
    }
    Api.Answer with = api.send("POST", "/nodes/pve1/qemu", "", "Cookie", cookie,
        "CSRFPreventionToken", login.get("CSRFPreventionToken").asText());
    assertThat(with.status()).as("past the auth step, a method the simulator lacks").isEqualTo(501);
    Api.Answer otherUsersToken = api.send("POST", "/nodes/pve1/qemu", "", "Cookie", cookie,
        "CSRFPreventionToken", api.login("viewer@pve", "viewpass").get("CSRFPreventionToken").asText());
    assertThat(otherUsersToken.status()).isEqualTo(401);
    Api.Answer token = api.send("POST", "/nodes/pve1/qemu", "", "Authorization", "PVEAPIToken=" + TOKEN + "=" + SECRET);
    assertThat(token.status()).isEqualTo(501);
    assertThat(api.get("/version", "Cookie", cookie).status()).as("reads need no CSRF token").isEqualTo(200);
  }

  @Test
  void expiresATicketTwoHoursAfterItsTimeOnTheInjectedClock() {
    String cookie = "PVEAuthCookie=" + api.login("root@pam", "password").get("ticket").asText();

    clock.advance(Duration.ofHours(2));
    assertThat(api.get("/version", "Cookie", cookie).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    Api.Answer expired = api.get("/version", "Cookie", cookie);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.body()).isEmpty();
  }

  @Test
  void acceptsATicketFromUpToFiveMinutesInTheFuture() {
    clock.advance(Duration.ofMinutes(5));
    String ticket = api.login("root@pam", "password").get("ticket").asText();
    clock.set(clock.instant().minus(Duration.ofMinutes(5)));
    assertThat(api.get("/version", "Cookie", "PVEAuthCookie=" + ticket).status()).isEqualTo(200);
    clock.set(clock.instant().minus(Duration.ofSeconds(1)));
    assertThat(api.get("/version", "Cookie", "PVEAuthCookie=" + ticket).status()).isEqualTo(401);
  }

  @Test
  void renewsATicketPostedAsThePasswordButNotAnExpiredOne() {
    String first = api.login("root@pam", "password").get("ticket").asText();
    clock.advance(Duration.ofHours(1));

    JsonNode renewed = api.login("root@pam", first);
    String second = renewed.get("ticket").asText();
    assertThat(second).isNotEqualTo(first);
    clock.advance(Duration.ofMinutes(90));
    assertThat(api.get("/version", "Cookie", "PVEAuthCookie=" + first).status()).isEqualTo(401);
    assertThat(api.get("/version", "Cookie", "PVEAuthCookie=" + second).status()).isEqualTo(200);

    Api.Answer late = api.post("/access/ticket", Map.of("username", "root@pam", "password", first));
    assertThat(late.status()).isEqualTo(401);
    assertThat(late.json().get("data").isNull()).isTrue();
  }

  @Test
  void asksForTheSecondFactorWithAHalfWayTicketThatCallsCannotUse() {
    JsonNode first = api.login("secure@pve", "pw");

    assertThat(first.get("NeedTFA").asInt()).isEqualTo(1);
    assertThat(first.has("cap")).isFalse();
    String halfway = first.get("ticket").asText();
    assertThat(halfway).startsWith("PVE:!tfa!");
    assertThat(api.get("/version", "Cookie", "PVEAuthCookie=" + halfway).status()).isEqualTo(401);

    Api.Answer wrongCode = api.post("/access/ticket", Map.of("username", "secure@pve", "tfa-challenge", halfway,
        "password", "totp:000000"));
    assertThat(wrongCode.status()).isEqualTo(401);
    Api.Answer both = api.post("/access/ticket", Map.of("username", "secure@pve", "tfa-challenge", halfway,
        "password", "totp:123456", "otp", "123456"));
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.json().get("errors").has("otp")).isTrue();

    JsonNode done = api.login("secure@pve", "pw");
    Api.Answer second = api.post("/access/ticket", Map.of("username", "secure@pve",
        "tfa-challenge", done.get("ticket").asText(), "password", "totp:123456"));
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.data().has("NeedTFA")).isFalse();
    assertThat(second.data().get("cap").isObject()).isTrue();
    assertThat(api.get("/version", "Cookie", "PVEAuthCookie=" + second.data().get("ticket").asText()).status()).isEqualTo(200);
  }

  @Test
  void refusesEveryTicketIssuedBeforeExpireTickets() {
    String cookie = "PVEAuthCookie=" + api.login("root@pam", "password").get("ticket").asText();

    pve.expireTickets();

    assertThat(api.get("/version", "Cookie", cookie).status()).isEqualTo(401);
    assertThat(api.get("/version", "Cookie", "PVEAuthCookie=" + api.login("root@pam", "password").get("ticket").asText())
        .status()).isEqualTo(200);
  }

  @Test
  void refusesAllButTheLoginWithoutCredentialsOnTheTicketPath() {
    Api.Answer dummy = api.get("/access/ticket", new String[0]);
    assertThat(dummy.status()).isEqualTo(200);
    assertThat(dummy.body()).isEqualTo("{\"data\":null}");
    Api.Answer missing = api.post("/access/ticket", Map.of("username", "root@pam"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("errors").get("password").asText()).isEqualTo("property is missing and it is not optional");
  }

  private static String hex(long epoch) {
    return String.format("%08X", epoch);
  }
}
