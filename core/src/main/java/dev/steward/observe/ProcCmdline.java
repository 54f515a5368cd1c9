package dev.steward.observe;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code /proc/<pid>/cmdline}: the arguments, each ended by a NUL. A process that rewrote
 * its arguments (a {@code setproctitle} program) may leave the last one unended, or put several in
 * one; what is there is taken as it is. A kernel thread or a zombie has none.
 *
 * <p>Every text is some argument vector, so this reader never fails. Thread-safe: no state.
 */
public final class ProcCmdline {
  private ProcCmdline() {}

  public static List<String> parse(String text) {
    return NulSeparated.split(text);
  }

  /** Splits on NUL, an ending NUL closing the last word rather than starting an empty one. */
  static final class NulSeparated {
    private NulSeparated() {}

    static List<String> split(String text) {
      List<String> words = new ArrayList<>();
      int start = 0;
      int length = text.length();
      while (start < length) {
        int end = text.indexOf('\0', start);
        if (end < 0) {
          end = length;
        }
        words.add(text.substring(start, end));
        start = end + 1;
      }
      return List.copyOf(words);
    }
  }
}
