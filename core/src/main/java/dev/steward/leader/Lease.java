package dev.steward.leader;

import java.time.Instant;
import java.util.Objects;

/**
 * Who leads, as the shared record says: the holder, its term, when the term began and when the
 * lease runs out unless renewed. Times come from the election's own clock (the database server's
 * for {@code postgres}), never from the candidates'.
 *
 * @param holder the candidate holding the lease
 * @param term its term
 * @param since when the term began
 * @param expiresAt when the lease ends unless its holder renews it
 */
public record Lease(String holder, long term, Instant since, Instant expiresAt) {
  public Lease {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The fence a write of this lease's holder carries. */
  public Fence fence(String election) {
    return new Fence(election, holder, term);
  }
}
