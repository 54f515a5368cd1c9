package dev.steward.spi.support;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean ...?" for messages about a misspelt name: the closest candidate by edit distance.
 * Thread-safe.
 */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code name}, when one is at most {@code maxEdits} single-character
   * edits away; the first of equally close ones in iteration order.
   */
  public static Optional<String> closest(String name, Collection<String> candidates, int maxEdits) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = editDistance(name, candidate);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return best != null && bestDistance <= maxEdits ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance: insertions, deletions and substitutions each count 1. */
  public static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
