package dev.steward.observe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
}
