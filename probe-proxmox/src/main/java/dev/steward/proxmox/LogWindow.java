package dev.steward.proxmox;

/**
 * Which lines of a task log to read: the first or last {@code lines} lines, or all. A log can have
 * millions of lines (a long backup); the end holds the outcome. Immutable.
 *
 * @param fromEnd whether the lines are the last ones
 * @param lines how many, 1 or more; {@link Integer#MAX_VALUE} for all
 */
public record LogWindow(boolean fromEnd, int lines) {
  public LogWindow {
    if (lines < 1) {
      throw new IllegalArgumentException("A log window holds 1 line or more, not " + lines);
    }
  }

  public static LogWindow head(int lines) {
    return new LogWindow(false, lines);
  }

  public static LogWindow tail(int lines) {
    return new LogWindow(true, lines);
  }

  public static LogWindow all() {
    return new LogWindow(false, Integer.MAX_VALUE);
  }
}
