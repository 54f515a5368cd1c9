package dev.steward.firewall.ufw.internal;

import dev.steward.FirewallRule;
import dev.steward.observe.OutputParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ufw show added} (ufw 0.36, {@code LC_ALL=C}): the stored rules as the commands that
 * would add them, which ufw lists also while it is inactive, when {@code ufw status} shows nothing.
 *
 * <pre>
 * Added user rules (see 'ufw status' for running firewall):
 * ufw allow 43999/udp comment 'steward:x'
 * ufw allow 22/tcp
 * </pre>
 *
 * <p>Only the plain form {@code ufw ACTION [in] [log|log-all] PORT/tcp|udp [comment 'TEXT']} is
 * kept: every other rule (addresses, ranges, interfaces, routes, applications, outgoing) has
 * another identity in ufw, so it can never be the rule of a port the manager opens. A line that is
 * not a {@code ufw} command at all is an error. Thread-safe: no state.
 */
final class UfwShowAdded {
  static final String SOURCE = "ufw show added";
  private static final String HEADING = "Added user rules (see 'ufw status' for running firewall):";
  private static final Pattern PLAIN = Pattern.compile(
      "ufw (allow|deny|reject|limit)(?: in)?( log| log-all)? ([0-9]{1,5})/(tcp|udp)(?: comment '([^']*)')?");

  private UfwShowAdded() {}

  /**
   * The plain rules in {@code stdout}, in order.
   *
   * @throws OutputParseException when the heading is missing or a line is not a ufw command
   */
  static List<PortRule> parse(String stdout) {
    String[] lines = stdout.split("\n", -1);
    int first = 0;
    while (first < lines.length && lines[first].isBlank()) {
      first++;
    }
    if (first == lines.length || !lines[first].strip().equals(HEADING)) {
      throw new OutputParseException(SOURCE, first < lines.length ? first + 1 : 0, "expected the heading '" + HEADING
          + "', found '" + OutputParseException.excerpt(first < lines.length ? lines[first].strip() : "", 0)
          + "'; run ufw as root with LC_ALL=C");
    }
    List<PortRule> rules = new ArrayList<>();
    for (int i = first + 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.equals("(None)")) {
        continue;
      }
      if (!line.startsWith("ufw ")) {
        throw new OutputParseException(SOURCE, i + 1, "expected a 'ufw ...' command, found '"
            + OutputParseException.excerpt(line, 0) + "'");
      }
      Matcher m = PLAIN.matcher(line);
      if (!m.matches()) {
        continue;
      }
      int port = Integer.parseInt(m.group(3));
      if (port < 1 || port > 65535) {
        throw new OutputParseException(SOURCE, i + 1, "expected a port from 1 to 65535, found " + port);
      }
      FirewallRule.Protocol protocol = m.group(4).equals("tcp") ? FirewallRule.Protocol.TCP : FirewallRule.Protocol.UDP;
      rules.add(new PortRule(m.group(1), port, protocol, m.group(2) != null, Optional.ofNullable(m.group(5))));
    }
    return List.copyOf(rules);
  }
}
