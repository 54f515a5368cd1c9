package dev.steward;

import java.util.List;

/**
 * Opens and closes ports on a host's firewall. Adding a rule that exists and removing one that does
 * not are no-ops, so a repeated action after a crash is harmless.
 *
 * <p>Implementations must be thread-safe.
 */
public interface FirewallManager {
  /** The allow rules this manager can see on {@code host}. */
  List<FirewallRule> rules(String host);

  void allow(String host, FirewallRule rule);

  void remove(String host, FirewallRule rule);
}
