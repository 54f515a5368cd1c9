package dev.steward.observe;

import dev.steward.FirewallRule;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One line of the rules table of {@code ufw status}, {@code status verbose} or {@code status numbered}.
 *
 * @param number the rule's number in {@code ufw status numbered} (it shifts after every delete)
 * @param to the destination side
 * @param action allow, deny, reject or limit
 * @param direction in, out, or forwarded (routed); plain {@code ufw status} leaves out IN, which is read as {@link Direction#IN}
 * @param from the source side
 * @param logging {@code log} or {@code log-all} when the rule logs
 * @param comment the rule's comment
 */
public record UfwRule(
    OptionalInt number, UfwEndpoint to, Action action, Direction direction, UfwEndpoint from, Optional<String> logging,
    Optional<String> comment) {
  /** What a rule does with matching traffic. */
  public enum Action {
    ALLOW,
    DENY,
    REJECT,
    LIMIT
  }

  /** Which traffic a rule applies to. */
  public enum Direction {
    IN,
    OUT,
    FWD
  }

  public UfwRule {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(logging, "logging");
    Objects.requireNonNull(comment, "comment");
  }

  /** Whether this is an IPv6 rule: marked {@code (v6)} or naming an IPv6 address. */
  public boolean v6() {
    return to.v6() || from.v6() || to.address().filter(a -> a.contains(":")).isPresent()
        || from.address().filter(a -> a.contains(":")).isPresent();
  }

  /** This rule as a {@link FirewallRule}, or why it is not one. */
  public sealed interface Mapping permits Mapped, NotMapped {}

  /** The rule is exactly "let traffic to this port/protocol in from anywhere". */
  public record Mapped(FirewallRule rule) implements Mapping {
    public Mapped {
      Objects.requireNonNull(rule, "rule");
    }
  }

  /** The rule says more or other than a {@link FirewallRule} can. */
  public record NotMapped(String reason) implements Mapping {
    public NotMapped {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Maps the rule to a {@link FirewallRule} when it says exactly what one says: ALLOW IN, to one
   * port with tcp or udp on any address and interface, from anywhere, no logging, and a comment a
   * {@link FirewallRule} accepts. Anything else (ranges, several ports, application profiles,
   * addresses, interfaces, other actions and directions) gives a {@link NotMapped} that says why.
   */
  public Mapping toFirewallRule() {
    if (action != Action.ALLOW || direction != Direction.IN) {
      return new NotMapped(action + " " + direction + " rather than ALLOW IN");
    }
    if (to.app().isPresent()) {
      return new NotMapped("an application profile rule (" + to.app().get() + ")");
    }
    if (!from.anywhere()) {
      return new NotMapped("limited to a source");
    }
    if (to.address().isPresent() || to.iface().isPresent()) {
      return new NotMapped("limited to a destination address or interface");
    }
    if (to.ports().size() != 1 || !to.ports().get(0).single()) {
      return new NotMapped(to.ports().isEmpty() ? "for every port" : "for ports " + portsText() + ", not one port");
    }
    Optional<FirewallRule.Protocol> protocol = to.protocol().flatMap(UfwRule::protocolOf);
    if (protocol.isEmpty()) {
      return new NotMapped(to.protocol().map(p -> "for protocol " + p).orElse("for every protocol") + ", not tcp or udp");
    }
    if (logging.isPresent()) {
      return new NotMapped("logging (" + logging.get() + ")");
    }
    try {
      return new Mapped(new FirewallRule(to.ports().get(0).first(), protocol.get(), comment.orElse("")));
    } catch (IllegalArgumentException e) {
      return new NotMapped(e.getMessage());
    }
  }

  /** {@link #toFirewallRule()} when it maps, else empty. */
  public Optional<FirewallRule> firewallRule() {
    return toFirewallRule() instanceof Mapped mapped ? Optional.of(mapped.rule()) : Optional.empty();
  }

  private String portsText() {
    return String.join(",", to.ports().stream().map(UfwEndpoint.PortRange::toString).toList());
  }

  private static Optional<FirewallRule.Protocol> protocolOf(String name) {
    for (FirewallRule.Protocol protocol : FirewallRule.Protocol.values()) {
      if (protocol.name().toLowerCase(Locale.ROOT).equals(name)) {
        return Optional.of(protocol);
      }
    }
    return Optional.empty();
  }
}
