package dev.steward.leader;

import java.util.Objects;

/**
 * The proof of leadership a leader's writes carry: which election, which candidate, and the term it
 * won. Terms only grow, so a store that checks the term in the same transaction as the write
 * refuses a write from any earlier leader.
 *
 * @param election the name of what is led ({@link LeaderSettings#NAME})
 * @param holder the candidate that won the term
 * @param term the term, 1 or more
 */
public record Fence(String election, String holder, long term) {
  public Fence {
    Objects.requireNonNull(election, "election");
    Objects.requireNonNull(holder, "holder");
    if (term < 1) {
      throw new IllegalArgumentException("A term starts at 1, got " + term);
    }
  }

  @Override
  public String toString() {
    return "term " + term + " of " + holder + " in '" + election + "'";
  }
}
