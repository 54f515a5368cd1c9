package dev.steward.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.FirewallManager;
import dev.steward.FirewallRule;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.spi.FirewallManagerProvider;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link FirewallManager} must have. A manager that really manages a firewall
 * shows the rules it added; one that leaves the firewall alone ({@code none}) overrides {@link
 * #appliesRules()} and must then show no rules at all.
 */
public abstract class FirewallManagerContract extends ProviderContract<FirewallManagerProvider, FirewallManager> {
  private static final FirewallRule RULE = new FirewallRule(12001, FirewallRule.Protocol.UDP, "steward-contract");

  private FirewallManager firewall;

  protected FirewallManagerContract() {
    super(ExtensionPoint.FIREWALL_MANAGER);
  }

  /** The host whose firewall is under test. */
  protected abstract String host();

  /** False for a manager that deliberately changes nothing. */
  protected boolean appliesRules() {
    return true;
  }

  @BeforeEach
  void createManager() {
    firewall = create(settings());
    firewall.remove(host(), RULE);
  }

  @Test
  @DisplayName("shows an allowed rule once, however often it is allowed")
  void allowIsIdempotent() {
    firewall.allow(host(), RULE);
    firewall.allow(host(), RULE);

    List<FirewallRule> rules = firewall.rules(host());

    if (appliesRules()) {
      assertThat(rules).filteredOn(RULE::equals).hasSize(1);
    } else {
      assertThat(rules).isEmpty();
    }
  }

  @Test
  @DisplayName("removes a rule, and removing it again is harmless")
  void removeIsIdempotent() {
    List<FirewallRule> before = firewall.rules(host());
    firewall.allow(host(), RULE);

    firewall.remove(host(), RULE);
    firewall.remove(host(), RULE);

    assertThat(firewall.rules(host())).doesNotContain(RULE).containsExactlyInAnyOrderElementsOf(before);
  }
}
