/**
 * The engine of the {@code ufw} FirewallManager: the commands it runs, the reading of
 * {@code ufw show added}, and the owners recorded in rule comments. Internal: not exported.
 */
package dev.steward.firewall.ufw.internal;
