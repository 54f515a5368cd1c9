package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.FirewallRule.Protocol;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SmallValueTypesTest {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");

  @ParameterizedTest
  @ValueSource(ints = {1, 22, 8080, 65535})
  void firewallRuleAcceptsPortsFromOneTo65535(int port) {
    assertThat(new FirewallRule(port, Protocol.TCP, "").port()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536, Integer.MAX_VALUE})
  void firewallRuleRefusesPortsOutsideTheRange(int port) {
    assertThatThrownBy(() -> new FirewallRule(port, Protocol.UDP, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Port must be between 1 and 65535, got " + port);
  }

  @Test
  void firewallRuleRefusesACommentAShellWouldReadDifferently() {
    assertThatThrownBy(() -> new FirewallRule(22, Protocol.TCP, "ssh; ufw disable"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Firewall rule comment 'ssh; ufw disable' is not valid: use letters, digits and . _ @ : + -");
  }

  @Test
  void firewallRulePrintsPortProtocolAndComment() {
    assertThat(new FirewallRule(22, Protocol.TCP, "web-1")).hasToString("22/tcp (web-1)");
    assertThat(new FirewallRule(53, Protocol.UDP, "")).hasToString("53/udp");
  }

  @Test
  void absentProcessHasNoPidOrStartTime() {
    ProcessStatus absent = ProcessStatus.absent(WEB_1);

    assertThat(absent.state()).isEqualTo(ProcessState.ABSENT);
    assertThat(absent.pid()).isEmpty();
    assertThat(absent.startedAt()).isEmpty();
    assertThat(absent.attributes()).isEmpty();
  }

  @Test
  void processStatusKeepsItsOwnCopyOfTheAttributes() {
    Map<String, String> attributes = new HashMap<>(Map.of("unit", "web-1.service"));
    ProcessStatus status = new ProcessStatus(WEB_1, ProcessState.RUNNING, OptionalLong.of(42), Optional.empty(), attributes);

    attributes.put("unit", "other.service");

    assertThat(status.attributes()).containsExactly(Map.entry("unit", "web-1.service"));
    assertThatThrownBy(() -> status.attributes().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @DisplayName("a process identity is pid and start ticks: the same pid started later is another process")
  void processIdentityTellsAReusedPidApart() {
    ProcessIdentity first = new ProcessIdentity(4242, 867_274);

    assertThat(first).isEqualTo(new ProcessIdentity(4242, 867_274)).hasToString("pid 4242 (started at tick 867274)");
    assertThat(new ProcessIdentity(4242, 999_001)).isNotEqualTo(first);
    assertThatThrownBy(() -> new ProcessIdentity(0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A process id is more than 0, got 0");
    assertThatThrownBy(() -> new ProcessIdentity(7, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A start time in clock ticks after boot is 0 or more, got -1 (for pid 7)");
  }

  @Test
  @DisplayName("a process status carries its identity typed; one made the old way has none; pid and identity must agree")
  void processStatusCarriesItsIdentity() {
    ProcessStatus plain = new ProcessStatus(WEB_1, ProcessState.RUNNING, OptionalLong.of(42), Optional.empty(), Map.of());
    ProcessStatus identified = plain.withIdentity(new ProcessIdentity(43, 1000));

    assertThat(plain.identity()).isEmpty();
    assertThat(identified.identity()).hasValue(new ProcessIdentity(43, 1000));
    assertThat(identified.pid()).hasValue(43);
    assertThat(ProcessStatus.absent(WEB_1).identity()).isEmpty();
    assertThatThrownBy(() -> new ProcessStatus(WEB_1, ProcessState.RUNNING, OptionalLong.of(42), Optional.empty(), Map.of(),
            Optional.of(new ProcessIdentity(43, 1000))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names pid 43 (started at tick 1000) but its pid is 42");
  }

  @Test
  void actionRefusesANegativePriorityAndABlankReason() {
    assertThatThrownBy(() -> new Action(ActionType.values()[0], WEB_1, -1, "why"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Action priority must be zero or more, got -1");
    assertThatThrownBy(() -> new Action(ActionType.values()[0], WEB_1, 0, " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Action reason must not be blank");
    assertThat(new Action(ActionType.values()[0], WEB_1, 0, "cpu 93% is above 90%").priority()).isZero();
  }
}
