package dev.steward.observe;

/**
 * Reads {@code /proc/<pid>/stat}: {@code pid (comm) state ppid pgrp session ...}, where field 22
 * is the start time in ticks after boot. The name in parentheses is whatever the program is called
 * and may itself hold spaces and parentheses, so the fields after it are read from the
 * <em>last</em> {@code ')'}.
 *
 * <p>Thread-safe: no state.
 */
public final class ProcPidStat {
  private static final String SOURCE = "/proc/<pid>/stat";
  /** Fields after the name, up to and including starttime (field 22 of the whole line). */
  private static final int FIELDS_AFTER_NAME = 20;

  private ProcPidStat() {}

  public static ProcessStat parse(String text) {
    String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    int open = line.indexOf(" (");
    int close = line.lastIndexOf(')');
    if (open <= 0 || close < open + 1) {
      throw new OutputParseException(SOURCE, 1, "expected 'PID (NAME) STATE ...', found '"
          + OutputParseException.excerpt(line, 0) + "'");
    }
    int pid = ProcText.unsignedInt(line.substring(0, open), SOURCE, 1, "the pid");
    String comm = line.substring(open + 2, close);
    String[] fields = new String[FIELDS_AFTER_NAME];
    int count = 0;
    int i = close + 1;
    int length = line.length();
    while (i < length && count < FIELDS_AFTER_NAME) {
      if (line.charAt(i) != ' ') {
        throw new OutputParseException(SOURCE, 1, "expected a space between fields at '" + OutputParseException.excerpt(line, i) + "'");
      }
      i++;
      int start = i;
      while (i < length && line.charAt(i) != ' ') {
        i++;
      }
      if (i == start) {
        throw new OutputParseException(SOURCE, 1, "expected a field at '" + OutputParseException.excerpt(line, start) + "'");
      }
      fields[count++] = line.substring(start, i);
    }
    if (count < FIELDS_AFTER_NAME) {
      throw new OutputParseException(SOURCE, 1, "expected at least 22 fields, found " + (count + 2));
    }
    String state = fields[0];
    if (state.length() != 1 || !Character.isLetter(state.charAt(0)) || state.charAt(0) > 'z') {
      throw ProcText.notA(state, SOURCE, 1, "the state", "one letter such as R, S or Z");
    }
    int ppid = ProcText.unsignedInt(fields[1], SOURCE, 1, "the parent pid");
    int pgrp = ProcText.unsignedInt(fields[2], SOURCE, 1, "the process group");
    int session = ProcText.unsignedInt(fields[3], SOURCE, 1, "the session");
    long startTicks = ProcText.unsignedDecimal(fields[19], SOURCE, 1, "the start time");
    return new ProcessStat(pid, comm, state.charAt(0), ppid, pgrp, session, startTicks);
  }
}
