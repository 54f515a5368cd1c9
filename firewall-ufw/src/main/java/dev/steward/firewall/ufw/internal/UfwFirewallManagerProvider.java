package dev.steward.firewall.ufw.internal;

import dev.steward.FirewallManager;
import dev.steward.spi.FirewallManagerProvider;
import dev.steward.spi.ProviderContext;

/** The {@code ufw} FirewallManager: ufw on any host the context's transport reaches. */
public final class UfwFirewallManagerProvider implements FirewallManagerProvider {
  @Override
  public String id() {
    return "ufw";
  }

  @Override
  public String description() {
    return "ufw through the transport (local or ssh), each rule commented steward:OWNER; never enables ufw";
  }

  @Override
  public FirewallManager create(ProviderContext context) {
    return new UfwFirewallManager(context.transport());
  }
}
