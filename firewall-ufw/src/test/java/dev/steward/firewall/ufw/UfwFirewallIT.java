package dev.steward.firewall.ufw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.FirewallManager;
import dev.steward.FirewallRule;
import dev.steward.FirewallRule.Protocol;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.spi.ProviderContext;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code ufw} manager, found by its id, against the real ufw 0.36.2 of the lab's Debian host
 * container, as root over ssh. Each test checks the outcome with {@code ufw status verbose}; the
 * host's ufw is put back as it was at the end.
 */
@RequiresLab(LabService.HOST_CONTAINER)
class UfwFirewallIT {
  private static LabUfw lab;
  private static FirewallManager firewall;

  @BeforeAll
  static void open() {
    lab = new LabUfw();
    ProviderContext context = ProviderContext.of(
        lab.sshSettings().set(ExtensionPoint.FIREWALL_MANAGER.selectionSetting(), "ufw").build(), lab.transport());
    firewall = ProviderRegistry.discover().create(ExtensionPoint.FIREWALL_MANAGER, context);
  }

  @AfterAll
  static void restore() {
    if (lab != null) {
      lab.close();
    }
  }

  @BeforeEach
  void activeWithoutTestRules() {
    lab.activate();
    lab.deleteTestRules();
  }

  @Test
  void allowOpensTheUdpPortWithItsOwnerForV4AndV6AndAllowingTwiceIsFine() {
    FirewallRule rule = new FirewallRule(43000, Protocol.UDP, "node-a");

    firewall.allow(lab.host(), rule);
    firewall.allow(lab.host(), rule);

    assertThat(lab.statusOf("43000/udp")).singleElement().asString().matches("43000/udp +ALLOW IN +Anywhere +# steward:node-a");
    assertThat(lab.statusOf("43000/udp (v6)")).singleElement().asString()
        .matches("43000/udp \\(v6\\) +ALLOW IN +Anywhere \\(v6\\) +# steward:node-a");
    assertThat(firewall.rules(lab.host())).filteredOn(r -> r.port() == 43000).containsExactly(rule);
  }

  @Test
  void removeClosesATcpPortAndRemovingAgainIsHarmless() {
    FirewallRule rule = new FirewallRule(43001, Protocol.TCP, "node-a");
    firewall.allow(lab.host(), rule);
    assertThat(lab.statusOf("43001/tcp")).hasSize(1);

    firewall.remove(lab.host(), rule);
    firewall.remove(lab.host(), rule);

    assertThat(lab.statusOf("43001/tcp")).isEmpty();
    assertThat(lab.statusOf("43001/tcp (v6)")).isEmpty();
    assertThat(firewall.rules(lab.host())).noneMatch(r -> r.port() == 43001);
  }

  @Test
  void aPortTwoOwnersNeedStaysOpenUntilBothLetGo() {
    FirewallRule a = new FirewallRule(43002, Protocol.UDP, "node-a");
    FirewallRule b = new FirewallRule(43002, Protocol.UDP, "node-b");
    firewall.allow(lab.host(), a);
    firewall.allow(lab.host(), b);
    assertThat(lab.statusOf("43002/udp")).singleElement().asString().endsWith("# steward:node-a,node-b");
    assertThat(firewall.rules(lab.host())).filteredOn(r -> r.port() == 43002).containsExactly(a, b);

    firewall.remove(lab.host(), a);
    assertThat(lab.statusOf("43002/udp")).singleElement().asString().endsWith("# steward:node-b");

    firewall.remove(lab.host(), b);
    assertThat(lab.statusOf("43002/udp")).isEmpty();
  }

  @Test
  void aRuleAddedByHandOnTheSamePortIsLeftAlone() {
    lab.ufw("allow", "43003/udp");
    FirewallRule rule = new FirewallRule(43003, Protocol.UDP, "node-a");

    firewall.allow(lab.host(), rule);
    assertThat(lab.statusOf("43003/udp")).singleElement().asString().matches("43003/udp +ALLOW IN +Anywhere");

    firewall.remove(lab.host(), rule);
    assertThat(lab.statusOf("43003/udp")).singleElement().asString().matches("43003/udp +ALLOW IN +Anywhere");
    assertThat(firewall.rules(lab.host())).filteredOn(r -> r.port() == 43003)
        .containsExactly(new FirewallRule(43003, Protocol.UDP, ""));
  }

  @Test
  void anInactiveUfwGivesTheClearErrorAndStaysInactive() {
    FirewallRule stored = new FirewallRule(43004, Protocol.TCP, "node-a");
    firewall.allow(lab.host(), stored);
    lab.deactivate();

    assertThatThrownBy(() -> firewall.allow(lab.host(), new FirewallRule(43005, Protocol.UDP, "node-a")))
        .isInstanceOf(UfwInactiveException.class)
        .hasMessage("ufw is inactive on " + lab.host() + "; Steward never enables it: run 'ufw enable' yourself");
    assertThat(lab.active()).isFalse();
    assertThat(lab.ufw("status", "verbose").strip()).isEqualTo("Status: inactive");
    assertThat(firewall.rules(lab.host())).contains(stored).noneMatch(r -> r.port() == 43005);

    firewall.remove(lab.host(), stored);
    assertThat(firewall.rules(lab.host())).doesNotContain(stored);
    assertThat(lab.active()).isFalse();
  }

  @Test
  void aLimitRuleEvenWithStewardsCommentIsNotStewardsAndIsLeftAlone() {
    lab.ufw("limit", "43006/udp", "comment", "steward:node-a");
    FirewallRule rule = new FirewallRule(43006, Protocol.UDP, "node-a");

    firewall.allow(lab.host(), rule);
    firewall.remove(lab.host(), rule);

    assertThat(lab.statusOf("43006/udp")).singleElement().asString().matches("43006/udp +LIMIT IN +Anywhere +# steward:node-a");
  }
}
