package dev.steward.firewall.ufw.internal;

import dev.steward.FirewallRule;
import java.util.Objects;
import java.util.Optional;

/**
 * A plain ufw rule "ACTION PORT/PROTO in from anywhere" as found on a host, with its comment as ufw
 * keeps it. ufw identifies such a rule by port and protocol alone (the comment is not part of its
 * identity), so a host holds at most one per port and protocol, its IPv6 copy aside.
 *
 * @param action {@code allow}, {@code deny}, {@code reject} or {@code limit}: ufw's identity
 *     leaves the action out too, so a person's deny rule would be replaced by an allow of that port
 * @param port 1 to 65535
 * @param protocol tcp or udp
 * @param logged whether the rule logs ({@code log} or {@code log-all}): Steward never makes such a
 *     rule, so a logged one is a person's, and ufw would not delete it without the same log word
 * @param comment the comment, as ufw shows it
 */
record PortRule(String action, int port, FirewallRule.Protocol protocol, boolean logged, Optional<String> comment) {
  PortRule {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(comment, "comment");
  }

  /** Whether this is a rule Steward makes: allow, no logging, Steward's comment. */
  boolean steward() {
    return action.equals("allow") && !logged && Owners.of(comment).isPresent();
  }

  /** Whether this rule is for the port and protocol of {@code rule}. */
  boolean samePort(FirewallRule rule) {
    return port == rule.port() && protocol == rule.protocol();
  }
}
