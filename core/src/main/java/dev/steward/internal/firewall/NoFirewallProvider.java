package dev.steward.internal.firewall;

import dev.steward.FirewallManager;
import dev.steward.spi.FirewallManagerProvider;
import dev.steward.spi.ProviderContext;

/** The {@code none} firewall manager: the firewall is not managed. */
public final class NoFirewallProvider implements FirewallManagerProvider {
  @Override
  public String id() {
    return "none";
  }

  @Override
  public String description() {
    return "leaves the firewall alone: reports no rules, changes nothing";
  }

  @Override
  public FirewallManager create(ProviderContext context) {
    return new NoFirewall();
  }
}
