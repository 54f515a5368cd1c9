package dev.steward.observe;

import dev.steward.FirewallRule;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code ufw status} (plain, {@code verbose} or {@code numbered}) reports.
 *
 * @param active whether the firewall is enabled; an inactive firewall shows no rules (ufw keeps
 *     them and applies them when enabled)
 * @param logging e.g. {@code on (low)} or {@code off}, from {@code status verbose}
 * @param defaults the default policy by direction ({@code incoming}, {@code outgoing}, {@code routed}),
 *     e.g. {@code deny}, {@code allow} or {@code disabled}, from {@code status verbose}
 * @param newProfiles e.g. {@code skip}, from {@code status verbose}
 * @param rules the rules in the order shown
 */
public record UfwStatus(
    boolean active, Optional<String> logging, Map<String, String> defaults, Optional<String> newProfiles, List<UfwRule> rules) {
  public UfwStatus {
    Objects.requireNonNull(logging, "logging");
    defaults = Collections.unmodifiableMap(new TreeMap<>(defaults));
    Objects.requireNonNull(newProfiles, "newProfiles");
    rules = List.copyOf(rules);
  }

  /**
   * The rules that map to a {@link FirewallRule} (see {@link UfwRule#toFirewallRule()}), each
   * once: the IPv4 rule and its IPv6 copy give one.
   */
  public List<FirewallRule> firewallRules() {
    LinkedHashSet<FirewallRule> out = new LinkedHashSet<>();
    rules.forEach(rule -> rule.firewallRule().ifPresent(out::add));
    return List.copyOf(out);
  }
}
