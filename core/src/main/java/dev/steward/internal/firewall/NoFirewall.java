package dev.steward.internal.firewall;

import dev.steward.FirewallManager;
import dev.steward.FirewallRule;
import java.util.List;

/**
 * The {@code none} firewall manager: Steward leaves the firewall alone. It reports no rules and
 * its changes do nothing, which is what a host without a managed firewall needs. Thread-safe.
 */
public final class NoFirewall implements FirewallManager {
  @Override
  public List<FirewallRule> rules(String host) {
    return List.of();
  }

  @Override
  public void allow(String host, FirewallRule rule) {
    // Deliberately nothing: with 'none', ports are not Steward's business.
  }

  @Override
  public void remove(String host, FirewallRule rule) {
    // Deliberately nothing, as in allow().
  }
}
