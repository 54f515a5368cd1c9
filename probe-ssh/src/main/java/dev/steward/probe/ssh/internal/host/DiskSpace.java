package dev.steward.probe.ssh.internal.host;

import dev.steward.observe.OutputParseException;

/**
 * Reads {@code stat -f -c '%a %b' PATH}: the blocks available to unprivileged users and the total
 * blocks of the file system. A pure function; thread-safe.
 */
final class DiskSpace {
  static final String SOURCE = "stat -f -c '%a %b' /";

  private DiskSpace() {}

  /**
   * @return the free percentage, 0 to 100
   * @throws OutputParseException unless the text is two whole numbers with available at most total
   */
  static double freePercent(String text) {
    String[] words = text.strip().split("\\s+");
    if (words.length != 2) {
      throw new OutputParseException(SOURCE, 1, "expected two numbers, available and total blocks, found '"
          + OutputParseException.excerpt(text.strip(), 0) + "'");
    }
    long available = number(words[0]);
    long total = number(words[1]);
    if (total == 0) {
      throw new OutputParseException(SOURCE, 1, "the file system reports no blocks at all");
    }
    if (available > total) {
      throw new OutputParseException(SOURCE, 1, "more blocks available (" + available + ") than there are (" + total + ")");
    }
    return 100.0 * available / total;
  }

  private static long number(String word) {
    if (word.isEmpty() || word.length() > 18 || !word.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new OutputParseException(SOURCE, 1, "'" + OutputParseException.excerpt(word, 0) + "' is not a block count");
    }
    return Long.parseLong(word);
  }
}
