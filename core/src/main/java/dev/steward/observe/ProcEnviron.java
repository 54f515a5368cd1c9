package dev.steward.observe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code /proc/<pid>/environ}: {@code NAME=value} entries, each ended by a NUL, as the
 * process was started (later {@code setenv} calls do not show). The kernel does not check the
 * entries: one without {@code '='} or with an empty name is skipped, as {@code getenv} would never
 * find it, and of two entries with one name the first wins, as with {@code getenv}.
 *
 * <p>Every text is some environment, so this reader never fails. Thread-safe: no state.
 */
public final class ProcEnviron {
  private ProcEnviron() {}

  /** The variables in the order they appear. */
  public static Map<String, String> parse(String text) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String entry : ProcCmdline.NulSeparated.split(text)) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        variables.putIfAbsent(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }
    return Collections.unmodifiableMap(variables);
  }

  /** The value of one variable, as {@link #parse} would give it, without reading the others into a map. */
  public static Optional<String> variable(String text, String name) {
    if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    int start = 0;
    int length = text.length();
    while (start < length) {
      int end = text.indexOf('\0', start);
      if (end < 0) {
        end = length;
      }
      if (end - start > name.length() && text.charAt(start + name.length()) == '=' && text.startsWith(name, start)) {
        return Optional.of(text.substring(start + name.length() + 1, end));
      }
      start = end + 1;
    }
    return Optional.empty();
  }
}
