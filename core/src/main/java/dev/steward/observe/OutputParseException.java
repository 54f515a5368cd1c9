package dev.steward.observe;

import dev.steward.StewardException;

/**
 * The output of a command (or the contents of a file such as {@code /proc/net/tcp}) is not what its
 * parser expects. Carries what was being read and where it went wrong; the message quotes at most a
 * short, printable excerpt, never the whole output.
 */
public class OutputParseException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;

  /**
   * @param source what was being read, e.g. {@code pip list -v -e --format=json} or {@code /proc/meminfo}
   * @param line the 1-based line where the problem is, or 0 when it is not about one line
   * @param problem what was wrong, e.g. "expected a JSON array, found an object"
   */
  public OutputParseException(String source, int line, String problem) {
    this(source, line, problem, null);
  }

  public OutputParseException(String source, int line, String problem, Throwable cause) {
    super("Cannot read the output of " + source + (line > 0 ? " at line " + line : "") + ": " + problem, cause);
    this.source = source;
    this.line = line;
  }

  /** What was being read. */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, 0 when it is not about one line. */
  public int line() {
    return line;
  }

  /** Up to 60 characters of {@code text} starting at {@code from}, with control characters escaped, for messages. */
  public static String excerpt(String text, int from) {
    StringBuilder out = new StringBuilder();
    for (int i = Math.max(0, from); i < text.length() && out.length() < 60; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return text.length() - Math.max(0, from) > 60 ? out + "..." : out.toString();
  }
}
