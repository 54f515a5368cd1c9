package dev.steward.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuilderTest {

  @Test
  void reportsEveryBadSettingAtOnce() {
    SimulatorBuilder builder = ProxmoxSimulator.builder().nodes(0).storages(0).logLines(0).authDelay(Duration.ofSeconds(-1))
        .token("no-bang@pve", "secret").user("root", "pw");

    assertThatThrownBy(builder::start).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("The Proxmox simulator cannot start: ")
        .hasMessageContaining("nodes is 1 to 1000, not 0")
        .hasMessageContaining("storages is 1 to 100, not 0")
        .hasMessageContaining("logLines is 1 to 10000000, not 0")
        .hasMessageContaining("delays are zero or more")
        .hasMessageContaining("A token id is user@realm!name")
        .hasMessageContaining("A user id is name@realm, not 'root'");
  }

  @Test
  void refusesAStandaloneHostWithSeveralNodes() {
    assertThatThrownBy(() -> ProxmoxSimulator.builder().nodes(2).standalone().start())
        .hasMessageContaining("a standalone host has one node, not 2");
  }

  @Test
  void knowsADefaultTokenAndRootWhenGivenNoAccount() {
    try (ProxmoxSimulator pve = ProxmoxSimulator.builder().nodes(1).guests(1).authDelay(Duration.ZERO).start()) {
      assertThat(pve.tokenHeader()).hasValueSatisfying(header -> assertThat(header).startsWith("PVEAPIToken=steward@pve!probe="));
      Api api = new Api(pve);
      assertThat(api.get("/version").status()).isEqualTo(200);
      assertThat(api.login(SimulatorBuilder.DEFAULT_USER, SimulatorBuilder.DEFAULT_PASSWORD).get("username").asText())
          .isEqualTo("root@pam");
    }
  }

  @Test
  void generatesTheSameClusterFromTheSameSeed() {
    try (ProxmoxSimulator one = ProxmoxSimulator.builder().guests(40).seed(42).start();
        ProxmoxSimulator two = ProxmoxSimulator.builder().guests(40).seed(42).start();
        ProxmoxSimulator other = ProxmoxSimulator.builder().guests(40).seed(43).start()) {
      assertThat(one.guests()).isEqualTo(two.guests()).isNotEqualTo(other.guests());
      assertThat(one.guests()).hasSize(40);
      assertThat(one.guests().stream().filter(g -> g.type() == GuestType.LXC)).hasSize(13);
    }
  }

  @Test
  void findsProfilesByRelease() {
    assertThat(Profile.of("8.3")).isEqualTo(Profile.PVE_8_3);
    assertThat(Profile.of("8.3.5")).isEqualTo(Profile.PVE_8_3);
    assertThat(Profile.of("PVE_7_4")).isEqualTo(Profile.PVE_7_4);
    assertThat(Profile.of("9")).isEqualTo(Profile.PVE_9_1);
    assertThatThrownBy(() -> Profile.of("6.4")).hasMessage("No simulator profile for Proxmox VE '6.4'; known: 7.4, 8.1, 8.3, 8.4, 9.1");
  }

  @Test
  void startsFromTheCommandLineAndTellsHowToCallIt() {
    SimulatorBuilder builder = Main.parse(new String[] {"--port", "0", "--nodes", "2", "--guests", "5", "--profile", "9.1",
        "--token", "me@pve!cli=s3cret", "--auth-delay-ms", "0"}).orElseThrow();
    try (ProxmoxSimulator pve = builder.start()) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      Main.describe(pve, new PrintStream(printed, true, StandardCharsets.UTF_8));

      String text = printed.toString(StandardCharsets.UTF_8);
      assertThat(text).contains("URL:         " + pve.baseUri(), "Fingerprint: " + pve.fingerprint(),
          "Authorization: PVEAPIToken=me@pve!cli=s3cret", "curl -k");
      assertThat(pve.profile()).isEqualTo(Profile.PVE_9_1);
      assertThat(pve.nodes()).containsExactly("pve1", "pve2");
      assertThat(new Api(pve).get("/version").status()).isEqualTo(200);
    }
    assertThat(Main.parse(new String[] {"--help"})).isEmpty();
    assertThatThrownBy(() -> Main.parse(new String[] {"--colour", "red"})).hasMessage("Unknown option --colour");
    assertThatThrownBy(() -> Main.parse(new String[] {"--nodes"})).hasMessage("Option --nodes needs a value");
  }
}
