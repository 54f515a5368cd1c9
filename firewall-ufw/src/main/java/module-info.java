/**
 * The {@code ufw} FirewallManager: opens and closes ports with ufw on any host the given Transport
 * reaches, each rule commented with the owners that need it.
 */
module dev.steward.firewall.ufw {
  requires dev.steward.core;
  requires org.slf4j;

  exports dev.steward.firewall.ufw;

  provides dev.steward.spi.FirewallManagerProvider with dev.steward.firewall.ufw.internal.UfwFirewallManagerProvider;
}
