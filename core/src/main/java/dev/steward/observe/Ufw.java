package dev.steward.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ufw status}, {@code ufw status verbose} and {@code ufw status numbered} (ufw 0.36;
 * run with {@code LC_ALL=C}, the headings are translated otherwise).
 *
 * <p>The rules table is padded into columns, but a long "To" pushes the others right, so a line is
 * split at its action ({@code ALLOW}, {@code DENY}, {@code REJECT}, {@code LIMIT}, with
 * {@code IN}/{@code OUT}/{@code FWD} after it except for incoming rules in plain {@code status}),
 * then {@code # comment} and a trailing {@code (log)}, {@code (log-all)} or {@code (out)} are taken
 * off the "From" side. Each side is read into a {@link UfwEndpoint}; port ranges, port lists and
 * application profiles are typed there, and {@link UfwRule#toFirewallRule()} says which rules are
 * plain {@link dev.steward.FirewallRule}s. Lines carry trailing spaces; they are ignored.
 *
 * <p>Thread-safe: no state.
 */
public final class Ufw {
  /** How messages name the command. */
  public static final String SOURCE = "ufw status";

  private static final Pattern NUMBER = Pattern.compile("\\[\\s*([0-9]{1,6})\\] (.*)");
  private static final Pattern RULE = Pattern.compile(
      "(\\S.*?)\\s+(ALLOW|DENY|REJECT|LIMIT)(?: (IN|OUT|FWD))?\\s+(\\S.*)");
  private static final Pattern ATTRIBUTES = Pattern.compile("(.*?)\\s+\\(((?:log|log-all|out)(?:, (?:log|log-all|out))*)\\)");
  private static final Pattern ON_INTERFACE = Pattern.compile("(.+) on ([^\\s/]+)");
  private static final Pattern PORTS = Pattern.compile("([0-9]{1,5}(?::[0-9]{1,5})?(?:,[0-9]{1,5}(?::[0-9]{1,5})?)*)(?:/([a-z][a-z0-9]*))?");
  private static final Pattern ADDRESS = Pattern.compile("([0-9A-Fa-f.:]*[.:][0-9A-Fa-f.:]*(?:/[0-9]{1,3})?)(?:/([a-z][a-z0-9]*))?");
  private static final Pattern ANYWHERE = Pattern.compile("Anywhere(?:/([a-z][a-z0-9]*))?");
  /** ufw's own rule for profile names (applications.py valid_profile_name). */
  private static final Pattern APP = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9 _\\-.+]*");
  private static final Pattern DEFAULT = Pattern.compile("([a-z-]+) \\(([a-z]+)\\)");

  private Ufw() {}

  /**
   * The status in {@code stdout}.
   *
   * @throws OutputParseException when the first line is not {@code Status: active} or
   *     {@code Status: inactive}, or a later line is neither a known heading nor a rule
   */
  public static UfwStatus parseStatus(String stdout) {
    String[] lines = stdout.split("\n", -1);
    int first = 0;
    while (first < lines.length && lines[first].isBlank()) {
      first++;
    }
    String status = first < lines.length ? lines[first].strip() : "";
    if (!status.equals("Status: active") && !status.equals("Status: inactive")) {
      throw new OutputParseException(SOURCE, first < lines.length ? first + 1 : 0,
          "expected 'Status: active' or 'Status: inactive', found '" + OutputParseException.excerpt(status, 0)
              + "'; run ufw as root with LC_ALL=C");
    }
    boolean active = status.equals("Status: active");
    Optional<String> logging = Optional.empty();
    Optional<String> newProfiles = Optional.empty();
    Map<String, String> defaults = new LinkedHashMap<>();
    List<UfwRule> rules = new ArrayList<>();
    boolean inTable = false;
    for (int i = first + 1; i < lines.length; i++) {
      String line = lines[i].stripTrailing();
      int number = i + 1;
      if (line.isEmpty()) {
        continue;
      }
      if (!active) {
        throw problem(number, "expected nothing after 'Status: inactive'", line);
      }
      String trimmed = line.strip();
      if (!inTable && trimmed.startsWith("Logging: ")) {
        logging = Optional.of(trimmed.substring("Logging: ".length()));
      } else if (!inTable && trimmed.startsWith("Default: ")) {
        defaults.putAll(defaults(trimmed.substring("Default: ".length()), number, line));
      } else if (!inTable && trimmed.startsWith("New profiles: ")) {
        newProfiles = Optional.of(trimmed.substring("New profiles: ".length()));
      } else if (!inTable && trimmed.matches("To\\s+Action\\s+From")) {
        if (i + 1 >= lines.length || !lines[i + 1].strip().matches("--\\s+------\\s+----")) {
          throw problem(number + 1, "expected the '--  ------  ----' line under the table heading", i + 1 < lines.length ? lines[i + 1] : "");
        }
        inTable = true;
        i++;
      } else if (inTable) {
        rules.add(rule(line, number));
      } else {
        throw problem(number, "expected Logging:, Default:, New profiles: or the 'To  Action  From' heading", line);
      }
    }
    return new UfwStatus(active, logging, defaults, newProfiles, rules);
  }

  private static Map<String, String> defaults(String text, int number, String line) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : text.split(", ", -1)) {
      Matcher m = DEFAULT.matcher(part);
      if (!m.matches()) {
        throw problem(number, "expected defaults like 'deny (incoming), allow (outgoing)'", line);
      }
      out.put(m.group(2), m.group(1));
    }
    return out;
  }

  private static UfwRule rule(String line, int number) {
    String text = line.strip();
    OptionalInt ruleNumber = OptionalInt.empty();
    Matcher numbered = NUMBER.matcher(text);
    if (numbered.matches()) {
      ruleNumber = OptionalInt.of(Integer.parseInt(numbered.group(1)));
      text = numbered.group(2).strip();
    }
    Matcher m = RULE.matcher(text);
    if (!m.matches()) {
      throw problem(number, "expected a rule 'TO  ALLOW|DENY|REJECT|LIMIT [IN|OUT|FWD]  FROM'", line);
    }
    String rest = m.group(4);
    Optional<String> comment = Optional.empty();
    int hash = rest.indexOf(" # ");
    if (hash >= 0) {
      comment = Optional.of(rest.substring(hash + 3));
      rest = rest.substring(0, hash).stripTrailing();
    }
    Optional<String> logging = Optional.empty();
    boolean markedOut = false;
    Matcher attributes = ATTRIBUTES.matcher(rest);
    if (attributes.matches()) {
      rest = attributes.group(1);
      for (String attribute : attributes.group(2).split(", ")) {
        if (attribute.equals("out")) {
          markedOut = true;
        } else {
          logging = Optional.of(attribute);
        }
      }
    }
    UfwRule.Direction direction = m.group(3) == null ? UfwRule.Direction.IN : UfwRule.Direction.valueOf(m.group(3));
    if (markedOut && direction != UfwRule.Direction.OUT) {
      throw problem(number, "expected '(out)' only on OUT rules", line);
    }
    return new UfwRule(ruleNumber, endpoint(m.group(1), number, line), UfwRule.Action.valueOf(m.group(2)), direction,
        endpoint(rest.strip(), number, line), logging, comment);
  }

  /** One side of a rule; see {@link UfwEndpoint} for the forms. */
  private static UfwEndpoint endpoint(String text, int number, String line) {
    String rest = text;
    Optional<String> iface = Optional.empty();
    Matcher on = ON_INTERFACE.matcher(rest);
    if (on.matches()) {
      iface = Optional.of(on.group(2));
      rest = on.group(1);
    }
    boolean v6 = false;
    if (rest.endsWith(" (v6)")) {
      v6 = true;
      rest = rest.substring(0, rest.length() - " (v6)".length());
    }
    Optional<String> app = Optional.empty();
    int open = rest.indexOf(" (");
    if (rest.endsWith(")") && open > 0) {
      // status verbose: "22/tcp (OpenSSH)", "22/tcp (OpenSSH (v6))"
      String inner = rest.substring(open + 2, rest.length() - 1);
      if (inner.endsWith(" (v6)")) {
        v6 = true;
        inner = inner.substring(0, inner.length() - " (v6)".length());
      }
      app = Optional.of(requireApp(inner, number, line));
      rest = rest.substring(0, open);
    }
    Matcher anywhere = ANYWHERE.matcher(rest);
    if (anywhere.matches()) {
      return new UfwEndpoint(Optional.empty(), List.of(), Optional.ofNullable(anywhere.group(1)), app, v6, iface);
    }
    String[] words = rest.split(" ", -1);
    if (words.length == 2) {
      Matcher address = ADDRESS.matcher(words[0]);
      Matcher ports = PORTS.matcher(words[1]);
      if (address.matches() && address.group(2) == null && ports.matches()) {
        return new UfwEndpoint(Optional.of(address.group(1)), ports(ports.group(1), number, line),
            Optional.ofNullable(ports.group(2)), app, v6, iface);
      }
    }
    if (words.length == 1) {
      Matcher ports = PORTS.matcher(rest);
      if (ports.matches()) {
        return new UfwEndpoint(Optional.empty(), ports(ports.group(1), number, line), Optional.ofNullable(ports.group(2)), app, v6, iface);
      }
      Matcher address = ADDRESS.matcher(rest);
      if (address.matches()) {
        return new UfwEndpoint(Optional.of(address.group(1)), List.of(), Optional.ofNullable(address.group(2)), app, v6, iface);
      }
    }
    if (app.isEmpty()) {
      // plain status and status numbered show an application rule by its profile's name alone
      return new UfwEndpoint(Optional.empty(), List.of(), Optional.empty(), Optional.of(requireApp(rest, number, line)), v6, iface);
    }
    throw problem(number, "expected ports, an address or 'Anywhere' before '(" + app.get() + ")', found '"
        + OutputParseException.excerpt(rest, 0) + "'", line);
  }

  private static String requireApp(String name, int number, String line) {
    if (!APP.matcher(name).matches() || name.equals("Anywhere") || name.matches("[0-9]+")) {
      throw problem(number, "expected Anywhere, ports such as 22/tcp or 6000:6007/udp, an address, or an application profile name, found '"
          + OutputParseException.excerpt(name, 0) + "'", line);
    }
    return name;
  }

  private static List<UfwEndpoint.PortRange> ports(String text, int number, String line) {
    List<UfwEndpoint.PortRange> out = new ArrayList<>();
    for (String part : text.split(",")) {
      int colon = part.indexOf(':');
      int first = Integer.parseInt(colon < 0 ? part : part.substring(0, colon));
      int last = colon < 0 ? first : Integer.parseInt(part.substring(colon + 1));
      if (first < 1 || last > 65535 || first > last) {
        throw problem(number, "expected ports from 1 to 65535, a range low:high, found '" + part + "'", line);
      }
      out.add(new UfwEndpoint.PortRange(first, last));
    }
    return out;
  }

  private static OutputParseException problem(int number, String expected, String line) {
    return new OutputParseException(SOURCE, number, expected + "; the line is '" + OutputParseException.excerpt(line.strip(), 0) + "'");
  }
}
