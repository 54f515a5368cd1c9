package dev.steward.firewall.ufw.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.FirewallRule.Protocol;
import dev.steward.observe.OutputParseException;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class UfwShowAddedTest {
  @Test
  void readsThePlainRulesWithTheirActionLoggingAndCommentAndSkipsOthers() {
    assertThat(UfwShowAdded.parse(FakeUfwTransport.sample("show-added-inactive.txt"))).containsExactly(
        new PortRule("allow", 43001, Protocol.UDP, false, Optional.of("steward:node-1,node-2")),
        new PortRule("allow", 43002, Protocol.TCP, false, Optional.empty()),
        new PortRule("allow", 43003, Protocol.TCP, true, Optional.of("steward:node-3")),
        new PortRule("deny", 43004, Protocol.UDP, false, Optional.of("db")));
  }

  @Test
  void readsNoRulesFromNone() {
    assertThat(UfwShowAdded.parse(FakeUfwTransport.sample("show-added-none.txt"))).isEmpty();
  }

  @Test
  void refusesOutputWithoutTheHeadingSayingHowToRunUfw() {
    assertThatThrownBy(() -> UfwShowAdded.parse("Regeln:\nufw allow 22/tcp\n"))
        .isInstanceOf(OutputParseException.class)
        .hasMessage("Cannot read the output of ufw show added at line 1: expected the heading "
            + "'Added user rules (see 'ufw status' for running firewall):', found 'Regeln:'; run ufw as root with LC_ALL=C");
  }

  @Test
  void refusesALineThatIsNotAUfwCommand() {
    assertThatThrownBy(() -> UfwShowAdded.parse("Added user rules (see 'ufw status' for running firewall):\nhello\n"))
        .isInstanceOf(OutputParseException.class)
        .hasMessage("Cannot read the output of ufw show added at line 2: expected a 'ufw ...' command, found 'hello'");
  }

  @Property
  void garbageGivesATypedErrorOrRules(@ForAll String text) {
    try {
      assertThat(UfwShowAdded.parse(text)).isNotNull();
    } catch (OutputParseException e) {
      assertThat(e.getMessage()).startsWith("Cannot read the output of ufw show added");
    }
  }
}
