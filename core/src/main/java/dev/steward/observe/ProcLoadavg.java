package dev.steward.observe;

import java.util.List;

/**
 * Reads {@code /proc/loadavg}: {@code 0.08 0.63 1.18 2/89 24731} (three averages,
 * runnable/existing tasks, the last pid handed out).
 *
 * <p>Thread-safe: no state.
 */
public final class ProcLoadavg {
  private static final String SOURCE = "/proc/loadavg";

  private ProcLoadavg() {}

  public static LoadAverage parse(String text) {
    String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    if (line.indexOf('\n') >= 0) {
      throw new OutputParseException(SOURCE, 2, "expected one line, found more");
    }
    List<String> fields = ProcText.fields(line);
    if (fields.size() != 5) {
      throw new OutputParseException(SOURCE, 1, "expected '1MIN 5MIN 15MIN RUNNABLE/TASKS LASTPID', found '"
          + OutputParseException.excerpt(line, 0) + "'");
    }
    double load1 = ProcText.unsignedFraction(fields.get(0), SOURCE, 1, "the 1-minute load");
    double load5 = ProcText.unsignedFraction(fields.get(1), SOURCE, 1, "the 5-minute load");
    double load15 = ProcText.unsignedFraction(fields.get(2), SOURCE, 1, "the 15-minute load");
    String tasks = fields.get(3);
    int slash = tasks.indexOf('/');
    if (slash < 0) {
      throw ProcText.notA(tasks, SOURCE, 1, "the task counts", "RUNNABLE/TASKS");
    }
    int runnable = ProcText.unsignedInt(tasks.substring(0, slash), SOURCE, 1, "the runnable tasks");
    int total = ProcText.unsignedInt(tasks.substring(slash + 1), SOURCE, 1, "the tasks");
    ProcText.unsignedDecimal(fields.get(4), SOURCE, 1, "the last pid");
    return new LoadAverage(load1, load5, load15, runnable, total);
  }
}
