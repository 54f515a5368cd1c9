package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.FirewallRule;
import dev.steward.observe.UfwEndpoint.PortRange;
import dev.steward.observe.UfwRule.Action;
import dev.steward.observe.UfwRule.Direction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class UfwTest {
  private static final UfwEndpoint ANYWHERE = new UfwEndpoint(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), false, Optional.empty());
  private static final UfwEndpoint ANYWHERE_V6 = new UfwEndpoint(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), true, Optional.empty());

  @Test
  void anInactiveFirewallHasNoRulesInEveryForm() {
    for (String name : List.of("inactive-status", "inactive-verbose", "inactive-numbered", "disabled-after-rules-status",
        "disabled-after-rules-verbose")) {
      UfwStatus status = Ufw.parseStatus(Samples.read("ufw/" + name + ".txt"));
      assertThat(status.active()).as(name).isFalse();
      assertThat(status.rules()).as(name).isEmpty();
    }
  }

  @Test
  void readsAnActiveFirewallWithoutRules() {
    assertThat(Ufw.parseStatus(Samples.read("ufw/active-empty-status.txt")))
        .isEqualTo(new UfwStatus(true, Optional.empty(), Map.of(), Optional.empty(), List.of()));
    assertThat(Ufw.parseStatus(Samples.read("ufw/active-empty-verbose.txt")))
        .isEqualTo(new UfwStatus(true, Optional.of("on (low)"), Map.of("incoming", "deny", "outgoing", "allow", "routed", "deny"),
            Optional.of("skip"), List.of()));
  }

  @Test
  void readsEveryKindOfRuleFromStatusVerbose() {
    UfwStatus status = Ufw.parseStatus(Samples.read("ufw/active-verbose.txt"));
    List<UfwRule> rules = status.rules();

    assertThat(rules).hasSize(31);
    assertThat(rules.get(0)).isEqualTo(new UfwRule(OptionalInt.empty(), port(12000, "udp", false), Action.ALLOW, Direction.IN,
        ANYWHERE, Optional.empty(), Optional.empty()));
    assertThat(rules.get(1).comment()).contains("steward game server");
    assertThat(rules.get(3).from().address()).contains("10.0.0.0/8");
    assertThat(rules.get(3).comment()).contains("db");
    assertThat(rules).extracting(UfwRule::action).contains(Action.DENY, Action.LIMIT, Action.REJECT);
    assertThat(rules.get(6).to()).isEqualTo(new UfwEndpoint(Optional.empty(), List.of(new PortRange(23, 23)), Optional.empty(),
        Optional.empty(), false, Optional.empty()));
    assertThat(rules.get(7).to().ports()).containsExactly(new PortRange(6000, 6007));
    assertThat(rules.get(8).to().ports()).containsExactly(new PortRange(80, 80), new PortRange(443, 443), new PortRange(8000, 8010));
    assertThat(rules.get(9).to()).isEqualTo(new UfwEndpoint(Optional.empty(), List.of(new PortRange(22, 22)), Optional.of("tcp"),
        Optional.of("OpenSSH"), false, Optional.empty()));
    assertThat(rules.get(10).to().app()).contains("WWW Full");
    assertThat(rules.get(10).from().address()).contains("192.168.1.0/24");
    assertThat(rules.get(11).to().iface()).contains("lo");
    assertThat(rules.get(12).to().address()).contains("10.1.2.3");
    assertThat(rules.get(12).from()).isEqualTo(new UfwEndpoint(Optional.of("10.9.9.9"), List.of(new PortRange(9001, 9001)),
        Optional.of("udp"), Optional.empty(), false, Optional.empty()));
    assertThat(rules.get(13).to().anywhere()).isTrue();
    assertThat(rules.get(14).logging()).contains("log");
    assertThat(rules.get(23).to()).isEqualTo(new UfwEndpoint(Optional.empty(), List.of(new PortRange(22, 22)), Optional.of("tcp"),
        Optional.of("OpenSSH"), true, Optional.empty()));
    assertThat(rules.get(24).to()).isEqualTo(new UfwEndpoint(Optional.empty(), List.of(new PortRange(8080, 8080)), Optional.of("tcp"),
        Optional.empty(), true, Optional.of("lo")));
    assertThat(rules.get(25).v6()).isTrue();
    assertThat(rules.get(25).from().address()).contains("2001:db8::/32");
    assertThat(rules).filteredOn(UfwRule::v6).hasSize(13);
    assertThat(rules).extracting(UfwRule::direction).containsSubsequence(Direction.IN, Direction.OUT, Direction.FWD);
    assertThat(rules.get(28).to().address()).contains("203.0.113.5");
    assertThat(rules.get(28).from().iface()).contains("lo");
    assertThat(rules.get(30).direction()).isEqualTo(Direction.FWD);
    assertThat(rules.get(30).from().anywhere()).isFalse();
  }

  @Test
  void readsNumbersAndPlainApplicationNamesFromStatusNumbered() {
    List<UfwRule> rules = Ufw.parseStatus(Samples.read("ufw/active-numbered.txt")).rules();

    assertThat(rules).hasSize(31);
    assertThat(rules).extracting(r -> r.number().getAsInt()).containsExactlyElementsOf(
        java.util.stream.IntStream.rangeClosed(1, 31).boxed().toList());
    assertThat(rules.get(9).to()).isEqualTo(new UfwEndpoint(Optional.empty(), List.of(), Optional.empty(), Optional.of("OpenSSH"), false,
        Optional.empty()));
    assertThat(rules.get(10).to().app()).contains("WWW Full");
    assertThat(rules.get(12)).isEqualTo(new UfwRule(OptionalInt.of(13), port(53, "udp", false), Action.ALLOW, Direction.OUT, ANYWHERE,
        Optional.empty(), Optional.empty()));
    assertThat(rules.get(26).to().app()).contains("OpenSSH");
    assertThat(rules.get(26).v6()).isTrue();
    assertThat(rules.get(28).from()).isEqualTo(ANYWHERE_V6);
  }

  @Test
  void plainStatusLeavesOutInAndShowsOutAndFwd() {
    List<UfwRule> rules = Ufw.parseStatus(Samples.read("ufw/active-status.txt")).rules();

    assertThat(rules).hasSize(31);
    assertThat(rules.get(0).direction()).isEqualTo(Direction.IN);
    assertThat(rules).filteredOn(r -> r.direction() == Direction.OUT).hasSize(3);
    assertThat(rules).filteredOn(r -> r.direction() == Direction.FWD).hasSize(1);
  }

  @Test
  void allThreeFormsAgreeOnTheFirewallRules() {
    List<FirewallRule> expected = List.of(new FirewallRule(12000, FirewallRule.Protocol.UDP, ""), new FirewallRule(22, FirewallRule.Protocol.TCP, ""));

    for (String name : List.of("active-status", "active-verbose", "active-numbered")) {
      assertThat(Ufw.parseStatus(Samples.read("ufw/" + name + ".txt")).firewallRules()).as(name).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void saysWhyARuleIsNotAFirewallRule() {
    List<UfwRule> rules = Ufw.parseStatus(Samples.read("ufw/active-verbose.txt")).rules();

    assertThat(reason(rules.get(1))).contains("Firewall rule comment 'steward game server' is not valid");
    assertThat(reason(rules.get(3))).isEqualTo("limited to a source");
    assertThat(reason(rules.get(4))).isEqualTo("DENY IN rather than ALLOW IN");
    assertThat(reason(rules.get(6))).isEqualTo("REJECT IN rather than ALLOW IN");
    assertThat(reason(rules.get(7))).isEqualTo("for ports 6000:6007, not one port");
    assertThat(reason(rules.get(8))).isEqualTo("for ports 80,443,8000:8010, not one port");
    assertThat(reason(rules.get(9))).isEqualTo("an application profile rule (OpenSSH)");
    assertThat(reason(rules.get(11))).isEqualTo("limited to a destination address or interface");
    assertThat(reason(rules.get(13))).isEqualTo("limited to a source");
    assertThat(reason(rules.get(14))).isEqualTo("logging (log)");
    assertThat(rules.get(0).toFirewallRule()).isEqualTo(new UfwRule.Mapped(new FirewallRule(12000, FirewallRule.Protocol.UDP, "")));

    UfwStatus noProtocol = Ufw.parseStatus("Status: active\n\nTo                         Action      From\n--                         ------      ----\n"
        + "53                         ALLOW       Anywhere                   # dns\n");
    assertThat(reason(noProtocol.rules().get(0))).isEqualTo("for every protocol, not tcp or udp");
    UfwStatus named = Ufw.parseStatus(Samples.read("ufw/active-empty-status.txt") + "\nTo                         Action      From\n"
        + "--                         ------      ----\n12000/udp                  ALLOW       Anywhere                   # node-1\n");
    assertThat(named.firewallRules()).containsExactly(new FirewallRule(12000, FirewallRule.Protocol.UDP, "node-1"));
  }

  @Test
  void explainsWhatIsWrong() {
    assertThatThrownBy(() -> Ufw.parseStatus(""))
        .isInstanceOf(OutputParseException.class)
        .hasMessage("Cannot read the output of ufw status: expected 'Status: active' or 'Status: inactive', found ''; run ufw as root with LC_ALL=C");
    assertThatThrownBy(() -> Ufw.parseStatus("Status: aktiv\n"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("at line 1").hasMessageContaining("LC_ALL=C");
    assertThatThrownBy(() -> Ufw.parseStatus("Status: inactive\n22/tcp ALLOW IN Anywhere\n"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("at line 2: expected nothing after 'Status: inactive'");
    String table = "Status: active\n\nTo                         Action      From\n--                         ------      ----\n";
    assertThatThrownBy(() -> Ufw.parseStatus(table + "22/tcp                     PERMIT IN   Anywhere\n"))
        .isInstanceOf(OutputParseException.class)
        .hasMessage("Cannot read the output of ufw status at line 5: expected a rule 'TO  ALLOW|DENY|REJECT|LIMIT [IN|OUT|FWD]  FROM'; "
            + "the line is '22/tcp                     PERMIT IN   Anywhere'");
    assertThatThrownBy(() -> Ufw.parseStatus(table + "70000/tcp                  ALLOW IN    Anywhere\n"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("expected ports from 1 to 65535, a range low:high, found '70000'");
    assertThatThrownBy(() -> Ufw.parseStatus(table + "6007:6000/tcp              ALLOW IN    Anywhere\n"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("found '6007:6000'");
    assertThatThrownBy(() -> Ufw.parseStatus(table + "$weird!                    ALLOW IN    Anywhere\n"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("or an application profile name, found '$weird!'");
    assertThatThrownBy(() -> Ufw.parseStatus("Status: active\nTo  Action  From\n22/tcp  ALLOW  Anywhere\n"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("at line 3: expected the '--  ------  ----' line");
  }

  @Property(tries = 1000)
  void anyTextGivesAStatusOrAParseError(@ForAll("garbage") String text) {
    Garbage.resultOrParseError(Ufw::parseStatus, text);
  }

  @Property(tries = 300)
  void textNotStartingWithAStatusLineIsAlwaysAParseError(@ForAll("noStatusLine") String text) {
    Garbage.parseError(Ufw::parseStatus, text);
  }

  @Provide
  Arbitrary<String> garbage() {
    String table = "Status: active\n\nTo                         Action      From\n--                         ------      ----\n";
    Arbitrary<String> ruleLike = Arbitraries.of("ALLOW", "DENY IN", "LIMIT OUT", "REJECT FWD", "ALLOW IN")
        .flatMap(action -> Garbage.text().map(s -> s.replace("\n", " ")).list().ofSize(2)
            .map(sides -> table + sides.get(0) + "   " + action + "   " + sides.get(1) + "\n"));
    return Arbitraries.oneOf(Garbage.text(), ruleLike, Garbage.text().map(s -> table + s), Garbage.damaged(
        Samples.read("ufw/active-verbose.txt"), Samples.read("ufw/active-numbered.txt"), Samples.read("ufw/active-status.txt")));
  }

  @Provide
  Arbitrary<String> noStatusLine() {
    return Garbage.text().filter(s -> !s.strip().startsWith("Status: "));
  }

  private static UfwEndpoint port(int port, String protocol, boolean v6) {
    return new UfwEndpoint(Optional.empty(), List.of(new PortRange(port, port)), Optional.of(protocol), Optional.empty(), v6, Optional.empty());
  }

  private static String reason(UfwRule rule) {
    return ((UfwRule.NotMapped) rule.toFirewallRule()).reason();
  }
}
