/**
 * The exceptions of the {@code ufw} FirewallManager, for embedders who react to them. The manager
 * itself is found through {@link dev.steward.discovery.ProviderRegistry} by the id {@code ufw}.
 */
package dev.steward.firewall.ufw;
