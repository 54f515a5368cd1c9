package dev.steward.firewall.ufw.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.FirewallManager;
import dev.steward.FirewallRule;
import dev.steward.FirewallRule.Protocol;
import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.firewall.ufw.UfwCommandException;
import dev.steward.firewall.ufw.UfwInactiveException;
import dev.steward.spi.ProviderContext;
import org.junit.jupiter.api.Test;

class UfwFirewallManagerTest {
  private static final String HOST = "h1";
  private static final String ACTIVE = FakeUfwTransport.sample("status-verbose-active.txt");
  private static final String HEADER = """
      Status: active
      Logging: on (low)
      Default: deny (incoming), allow (outgoing), deny (routed)
      New profiles: skip

      To                         Action      From
      --                         ------      ----
      """;
  private static final String ONE_OWNER = HEADER + """
      43010/udp                  ALLOW IN    Anywhere                   # steward:node-1
      43010/udp (v6)             ALLOW IN    Anywhere (v6)              # steward:node-1

      """;

  private final FakeUfwTransport ufw = new FakeUfwTransport();
  private final FirewallManager firewall = new UfwFirewallManager(ufw);

  @Test
  void opensAnAbsentPortWithItsOwnerInTheComment() {
    ufw.answer("status verbose", HEADER).answer("allow 43010/udp comment steward:node-1", "Rule added\nRule added (v6)\n");

    firewall.allow(HOST, new FirewallRule(43010, Protocol.UDP, "node-1"));

    assertThat(ufw.ran()).containsExactly("h1: status verbose", "h1: allow 43010/udp comment steward:node-1");
  }

  @Test
  void opensTcpAsTcp() {
    ufw.answer("status verbose", HEADER).answer("allow 43011/tcp comment steward:web", "Rule added\nRule added (v6)\n");

    firewall.allow(HOST, new FirewallRule(43011, Protocol.TCP, "web"));

    assertThat(ufw.ran()).containsExactly("h1: status verbose", "h1: allow 43011/tcp comment steward:web");
  }

  @Test
  void allowingAPortItsOwnerHoldsAlreadyRunsNothing() {
    ufw.answer("status verbose", ACTIVE);

    firewall.allow(HOST, new FirewallRule(43001, Protocol.UDP, "node-2"));

    assertThat(ufw.ran()).containsExactly("h1: status verbose");
  }

  @Test
  void aSecondOwnerOfAPortIsAddedToItsComment() {
    ufw.answer("status verbose", ACTIVE)
        .answer("allow 43001/udp comment steward:node-1,node-2,node-9", "Rule updated\nRule updated (v6)\n");

    firewall.allow(HOST, new FirewallRule(43001, Protocol.UDP, "node-9"));

    assertThat(ufw.ran()).containsExactly("h1: status verbose", "h1: allow 43001/udp comment steward:node-1,node-2,node-9");
  }

  @Test
  void aPortAPersonAllowedOrDeniedIsLeftAsItIs() {
    ufw.answer("status verbose", ACTIVE);

    firewall.allow(HOST, new FirewallRule(43002, Protocol.TCP, "node-1"));
    firewall.allow(HOST, new FirewallRule(43004, Protocol.UDP, "node-1"));
    firewall.remove(HOST, new FirewallRule(43002, Protocol.TCP, "node-1"));

    assertThat(ufw.ran()).containsOnly("h1: status verbose").hasSize(3);
  }

  @Test
  void skippingAnExistingRuleCountsAsSuccess() {
    ufw.answer("status verbose", HEADER)
        .answer("allow 43010/udp comment steward:node-1", "Skipping adding existing rule\nSkipping adding existing rule (v6)\n");

    firewall.allow(HOST, new FirewallRule(43010, Protocol.UDP, "node-1"));

    assertThat(ufw.ran()).hasSize(2);
  }

  @Test
  void anInactiveUfwIsNeverEnabledAndSaysSo() {
    ufw.answer("status verbose", "Status: inactive\n").answer("show added", FakeUfwTransport.sample("show-added-none.txt"));

    assertThatThrownBy(() -> firewall.allow(HOST, new FirewallRule(43010, Protocol.UDP, "node-1")))
        .isInstanceOf(UfwInactiveException.class)
        .hasMessage("ufw is inactive on h1; Steward never enables it: run 'ufw enable' yourself")
        .satisfies(e -> assertThat(((UfwInactiveException) e).host()).isEqualTo("h1"));
    assertThat(ufw.ran()).containsExactly("h1: status verbose", "h1: show added");
  }

  @Test
  void removingTheLastOwnerDeletesTheRuleWithItsVeryComment() {
    ufw.answer("status verbose", ONE_OWNER)
        .answer("delete allow 43010/udp comment steward:node-1", "Rule deleted\nRule deleted (v6)\n");

    firewall.remove(HOST, new FirewallRule(43010, Protocol.UDP, "node-1"));

    assertThat(ufw.ran()).containsExactly("h1: status verbose", "h1: delete allow 43010/udp comment steward:node-1");
  }

  @Test
  void removingOneOfTwoOwnersKeepsThePortOpenForTheOther() {
    ufw.answer("status verbose", ACTIVE).answer("allow 43001/udp comment steward:node-2", "Rule updated\nRule updated (v6)\n");

    firewall.remove(HOST, new FirewallRule(43001, Protocol.UDP, "node-1"));

    assertThat(ufw.ran()).containsExactly("h1: status verbose", "h1: allow 43001/udp comment steward:node-2");
  }

  @Test
  void removingAnAbsentPortOrAnotherOwnersPortRunsNothing() {
    ufw.answer("status verbose", ACTIVE);

    firewall.remove(HOST, new FirewallRule(43020, Protocol.UDP, "node-1"));
    firewall.remove(HOST, new FirewallRule(43001, Protocol.UDP, "node-7"));
    firewall.remove(HOST, new FirewallRule(43001, Protocol.TCP, "node-1"));

    assertThat(ufw.ran()).containsOnly("h1: status verbose").hasSize(3);
  }

  @Test
  void removesFromTheStoredRulesWhileUfwIsInactive() {
    ufw.answer("status verbose", "Status: inactive\n")
        .answer("show added", """
            Added user rules (see 'ufw status' for running firewall):
            ufw allow 43010/udp comment 'steward:node-1'
            """)
        .answer("delete allow 43010/udp comment steward:node-1", "Rules updated\nRules updated (v6)\n");

    firewall.remove(HOST, new FirewallRule(43010, Protocol.UDP, "node-1"));

    assertThat(ufw.ran()).containsExactly("h1: status verbose", "h1: show added", "h1: delete allow 43010/udp comment steward:node-1");
  }

  @Test
  void aLoggedRuleIsAPersonsEvenWithStewardsComment() {
    ufw.answer("status verbose", ACTIVE);

    firewall.remove(HOST, new FirewallRule(43003, Protocol.TCP, "node-3"));
    firewall.allow(HOST, new FirewallRule(43003, Protocol.TCP, "node-4"));

    assertThat(ufw.ran()).containsOnly("h1: status verbose").hasSize(2);
  }

  @Test
  void aMissingRuleOnDeleteCountsAsSuccess() {
    ufw.answer("status verbose", ONE_OWNER)
        .answer("delete allow 43010/udp comment steward:node-1",
            "Could not delete non-existent rule\nCould not delete non-existent rule (v6)\n");

    firewall.remove(HOST, new FirewallRule(43010, Protocol.UDP, "node-1"));

    assertThat(ufw.ran()).hasSize(2);
  }

  @Test
  void rulesShowEachOwnerOnceAndEveryPlainAllowRuleOnceForV4AndV6() {
    ufw.answer("status verbose", ACTIVE);

    assertThat(firewall.rules(HOST)).containsExactly(
        new FirewallRule(43001, Protocol.UDP, "node-1"),
        new FirewallRule(43001, Protocol.UDP, "node-2"),
        new FirewallRule(43002, Protocol.TCP, ""),
        new FirewallRule(43003, Protocol.TCP, "steward:node-3"),
        new FirewallRule(22, Protocol.TCP, ""));
  }

  @Test
  void rulesOfAnInactiveUfwAreTheStoredOnes() {
    ufw.answer("status verbose", "Status: inactive\n").answer("show added", FakeUfwTransport.sample("show-added-inactive.txt"));

    assertThat(firewall.rules(HOST)).containsExactly(
        new FirewallRule(43001, Protocol.UDP, "node-1"),
        new FirewallRule(43001, Protocol.UDP, "node-2"),
        new FirewallRule(43002, Protocol.TCP, ""),
        new FirewallRule(43003, Protocol.TCP, "steward:node-3"));
  }

  @Test
  void aFailingCommandNamesTheHostTheCommandAndWhatUfwSaid() {
    ufw.answer("status verbose", HEADER)
        .answer("allow 43010/udp comment steward:node-1", 1, "", "ERROR: You need to be root to run this script\n");

    assertThatThrownBy(() -> firewall.allow(HOST, new FirewallRule(43010, Protocol.UDP, "node-1")))
        .isInstanceOf(UfwCommandException.class)
        .hasMessage("'env LC_ALL=C ufw allow 43010/udp comment steward:node-1' failed on h1: exit status 1: "
            + "ERROR: You need to be root to run this script");
  }

  @Test
  void anAnswerUfwDoesNotGiveIsAFailure() {
    ufw.answer("status verbose", HEADER).answer("allow 43010/udp comment steward:node-1", "WARN: something new\n");

    assertThatThrownBy(() -> firewall.allow(HOST, new FirewallRule(43010, Protocol.UDP, "node-1")))
        .isInstanceOf(UfwCommandException.class)
        .hasMessage("'env LC_ALL=C ufw allow 43010/udp comment steward:node-1' failed on h1: ufw answered "
            + "'WARN: something new', not one of the answers it gives to a rule added, updated, skipped or deleted");
  }

  @Test
  void statusItCannotReadNamesTheHostAndTheCommand() {
    ufw.answer("status verbose", "Statut : inactif\n");

    assertThatThrownBy(() -> firewall.rules(HOST))
        .isInstanceOf(UfwCommandException.class)
        .hasMessageStartingWith("'env LC_ALL=C ufw status verbose' failed on h1: Cannot read the output of ufw status");
  }

  @Test
  void aRuleWithoutAnOwnerIsRefusedBeforeAnythingRuns() {
    assertThatThrownBy(() -> firewall.allow(HOST, new FirewallRule(43010, Protocol.UDP, "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The ufw firewall manager needs the owner of 43010/udp in its comment, to close the port only when "
            + "no owner needs it any more; give the rule a comment");
    assertThat(ufw.ran()).isEmpty();
  }

  @Test
  void isFoundByItsIdAndRunsThroughTheContextsTransport() {
    ufw.answer("status verbose", ONE_OWNER);
    Settings settings = Settings.builder().set(ExtensionPoint.FIREWALL_MANAGER.selectionSetting(), "ufw").build();

    FirewallManager found = ProviderRegistry.discover().create(ExtensionPoint.FIREWALL_MANAGER, ProviderContext.of(settings, ufw));

    assertThat(found.rules("h2")).containsExactly(new FirewallRule(43010, Protocol.UDP, "node-1"));
    assertThat(ufw.ran()).containsExactly("h2: status verbose");
  }
}
