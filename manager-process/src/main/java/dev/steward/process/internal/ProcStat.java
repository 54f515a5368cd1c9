package dev.steward.process.internal;

import dev.steward.observe.OutputParseException;

/**
 * The fields of {@code /proc/<pid>/stat} the manager needs (see proc(5)).
 *
 * @param pid field 1
 * @param comm field 2, the executable's name without its parentheses; it may hold spaces and parentheses
 * @param state field 3: R, S, D, Z (zombie), T, t, X (dead), I...
 * @param parent field 4, the parent's pid
 * @param group field 5, the process group id
 * @param session field 6, the session id
 * @param startTicks field 22, when the process started, in clock ticks after boot: with the pid, it
 *     tells the process from a later one given the same pid
 */
public record ProcStat(long pid, String comm, char state, long parent, long group, long session, long startTicks) {
  private static final int START_TIME_FIELD = 22;

  /** True for a process that has exited and waits to be reaped, or is being removed. */
  public boolean isDead() {
    return state == 'Z' || state == 'X' || state == 'x';
  }

  /**
   * Reads one {@code /proc/<pid>/stat} line. The name in parentheses may itself contain spaces and
   * parentheses, so the fields after it start after the <em>last</em> {@code ')'}.
   *
   * @throws OutputParseException when the text is not such a line
   */
  public static ProcStat parse(String text) {
    String source = "/proc/<pid>/stat";
    int open = text.indexOf(" (");
    int close = text.lastIndexOf(')');
    if (open <= 0 || close < open) {
      throw new OutputParseException(source, 1, "expected 'pid (name) state ...', found '"
          + OutputParseException.excerpt(text, 0) + "'");
    }
    long pid = number(text.substring(0, open), "the pid", source, text);
    String comm = text.substring(open + 2, close);
    String rest = text.substring(close + 1).strip();
    String[] fields = rest.split(" +");
    // fields[0] is field 3 (the state), so field N is fields[N - 3].
    if (fields.length < START_TIME_FIELD - 2 || fields[0].length() != 1) {
      throw new OutputParseException(source, 1, "expected at least " + START_TIME_FIELD + " fields after the name, found '"
          + OutputParseException.excerpt(rest, 0) + "'");
    }
    return new ProcStat(pid, comm, fields[0].charAt(0),
        number(fields[4 - 3], "field 4 (ppid)", source, text),
        number(fields[5 - 3], "field 5 (pgrp)", source, text),
        number(fields[6 - 3], "field 6 (session)", source, text),
        number(fields[START_TIME_FIELD - 3], "field 22 (starttime)", source, text));
  }

  static long number(String word, String what, String source, String text) {
    try {
      long value = Long.parseLong(word.strip());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new OutputParseException(source, 1, what + " is '" + OutputParseException.excerpt(word, 0)
        + "', not a number, in '" + OutputParseException.excerpt(text, 0) + "'");
  }
}
