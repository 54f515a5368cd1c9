package dev.steward.observe;

/**
 * Reads {@code /proc/meminfo}: lines {@code Name:   value kB}, of which {@code MemTotal} and
 * {@code MemAvailable} (Linux 3.14 and later) are used. Every line must have that shape.
 *
 * <p>Thread-safe: no state.
 */
public final class ProcMeminfo {
  private static final String SOURCE = "/proc/meminfo";
  private static final long KIB = 1024;

  private ProcMeminfo() {}

  public static MemoryInfo parse(String text) {
    long total = -1;
    long available = -1;
    int lineNumber = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNumber++;
      String line = text.substring(start, end);
      start = end + 1;
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new OutputParseException(SOURCE, lineNumber, "expected 'Name: value kB', found '"
            + OutputParseException.excerpt(line, 0) + "'");
      }
      String name = line.substring(0, colon);
      java.util.List<String> fields = ProcText.fields(line.substring(colon + 1));
      if (fields.isEmpty() || fields.size() > 2 || (fields.size() == 2 && !fields.get(1).equals("kB"))) {
        throw new OutputParseException(SOURCE, lineNumber, "expected a number of kB after '"
            + OutputParseException.excerpt(name, 0) + ":', found '" + OutputParseException.excerpt(line, colon + 1) + "'");
      }
      long value = ProcText.unsignedDecimal(fields.get(0), SOURCE, lineNumber, "the value of " + OutputParseException.excerpt(name, 0));
      long bytes = fields.size() == 2 ? kibToBytes(value, name, lineNumber) : value;
      if (name.equals("MemTotal")) {
        total = bytes;
      } else if (name.equals("MemAvailable")) {
        available = bytes;
      }
    }
    if (total < 0) {
      throw new OutputParseException(SOURCE, 0, "there is no MemTotal line");
    }
    if (available < 0) {
      throw new OutputParseException(SOURCE, 0, "there is no MemAvailable line (Linux 3.14 and later print it)");
    }
    if (total == 0) {
      throw new OutputParseException(SOURCE, 0, "MemTotal is 0");
    }
    return new MemoryInfo(total, available);
  }

  private static long kibToBytes(long kib, String name, int line) {
    if (kib > Long.MAX_VALUE / KIB) {
      throw new OutputParseException(SOURCE, line, "the value of " + OutputParseException.excerpt(name, 0) + " is too large");
    }
    return kib * KIB;
  }
}
