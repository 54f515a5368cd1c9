package dev.steward.observe;

import java.time.Instant;

/**
 * Reads {@code /proc/stat}: the aggregate {@code cpu} line (4 to 10 counters, depending on the
 * kernel), the {@code cpuN} lines (counted) and {@code btime}. Other lines ({@code intr},
 * {@code ctxt}, ...) are skipped without being split, as {@code intr} can hold thousands of numbers.
 *
 * <p>Thread-safe: no state.
 */
public final class ProcStat {
  private static final String SOURCE = "/proc/stat";

  private ProcStat() {}

  public static KernelStat parse(String text) {
    CpuTimes cpu = null;
    int cpus = 0;
    long bootTime = -1;
    int lineNumber = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNumber++;
      if (text.startsWith("cpu ", start)) {
        if (cpu != null) {
          throw new OutputParseException(SOURCE, lineNumber, "there are two aggregate 'cpu' lines");
        }
        cpu = cpuTimes(text.substring(start, end), lineNumber);
      } else if (text.startsWith("cpu", start) && start + 3 < end && isDigit(text.charAt(start + 3))) {
        cpus++;
      } else if (text.startsWith("btime ", start)) {
        java.util.List<String> fields = ProcText.fields(text.substring(start, end));
        if (fields.size() != 2) {
          throw new OutputParseException(SOURCE, lineNumber, "expected 'btime SECONDS', found '"
              + OutputParseException.excerpt(text, start) + "'");
        }
        bootTime = ProcText.unsignedDecimal(fields.get(1), SOURCE, lineNumber, "btime");
      } else if (end > start && !isLowercaseLetter(text.charAt(start))) {
        throw new OutputParseException(SOURCE, lineNumber, "expected a line starting with a name such as 'cpu' or 'btime', found '"
            + OutputParseException.excerpt(text, start) + "'");
      }
      start = end + 1;
    }
    if (cpu == null) {
      throw new OutputParseException(SOURCE, 0, "there is no aggregate 'cpu' line");
    }
    if (bootTime < 0) {
      throw new OutputParseException(SOURCE, 0, "there is no 'btime' line");
    }
    if (bootTime > Instant.MAX.getEpochSecond()) {
      throw new OutputParseException(SOURCE, 0, "btime " + bootTime + " is too large");
    }
    return new KernelStat(cpu, Math.max(1, cpus), Instant.ofEpochSecond(bootTime));
  }

  private static CpuTimes cpuTimes(String line, int lineNumber) {
    java.util.List<String> fields = ProcText.fields(line);
    if (fields.size() < 5 || fields.size() > 11) {
      throw new OutputParseException(SOURCE, lineNumber, "expected 'cpu' and 4 to 10 counters, found "
          + (fields.size() - 1) + " fields");
    }
    long[] counters = new long[10];
    for (int i = 1; i < fields.size(); i++) {
      counters[i - 1] = ProcText.unsignedDecimal(fields.get(i), SOURCE, lineNumber, "cpu counter " + i);
    }
    return new CpuTimes(counters[0], counters[1], counters[2], counters[3], counters[4], counters[5], counters[6], counters[7]);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLowercaseLetter(char c) {
    return c >= 'a' && c <= 'z';
  }
}
