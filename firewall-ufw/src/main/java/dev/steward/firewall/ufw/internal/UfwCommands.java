package dev.steward.firewall.ufw.internal;

import dev.steward.Command;
import dev.steward.FirewallRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ufw commands the manager runs, each an argument vector (no shell). {@code env LC_ALL=C} comes
 * first because ufw translates its headings and answers, and the manager reads both; {@code env}
 * rather than the command's environment so every transport passes it, whatever its server accepts.
 *
 * <p>Only these commands exist: the manager never runs {@code enable}, {@code disable},
 * {@code reset}, {@code default} or a delete by rule number (numbers shift after every change).
 * Thread-safe: no state.
 */
final class UfwCommands {
  private UfwCommands() {}

  /** The live firewall: {@code ufw status verbose}. */
  static Command status() {
    return ufw("status", "verbose");
  }

  /** The stored rules, which ufw keeps also while it is inactive: {@code ufw show added}. */
  static Command showAdded() {
    return ufw("show", "added");
  }

  /**
   * Opens {@code port}/{@code protocol} with {@code comment}: {@code ufw allow 43000/udp comment
   * steward:OWNER}. On a rule of the same port and protocol ufw replaces the comment.
   */
  static Command allow(int port, FirewallRule.Protocol protocol, String comment) {
    return ufw("allow", portText(port, protocol), "comment", comment);
  }

  /**
   * Closes the rule of {@code port}/{@code protocol} whose comment is exactly {@code comment}:
   * {@code ufw delete allow 43000/udp comment steward:OWNER}. ufw deletes only a rule with that very
   * comment, so a rule a person took over meanwhile (and commented otherwise) stays.
   */
  static Command delete(int port, FirewallRule.Protocol protocol, String comment) {
    return ufw("delete", "allow", portText(port, protocol), "comment", comment);
  }

  static String portText(int port, FirewallRule.Protocol protocol) {
    return port + "/" + protocol.name().toLowerCase(Locale.ROOT);
  }

  private static Command ufw(String... words) {
    List<String> argv = new ArrayList<>(List.of("env", "LC_ALL=C", "ufw"));
    argv.addAll(List.of(words));
    return Command.of(argv);
  }
}
