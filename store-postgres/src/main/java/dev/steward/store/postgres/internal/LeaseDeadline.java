package dev.steward.store.postgres.internal;

import java.time.Duration;

/**
 * How long a candidate may believe it leads after a successful acquire or renewal, by its own
 * monotonic clock ({@link System#nanoTime}): from the instant <em>before</em> the statement was sent,
 * for the lease less a margin. The server counts the lease from its own {@code now()}, which comes
 * after that instant, so the candidate stops leading before the lease can have run out for anyone
 * else, even if its clock runs a little fast or the answer was slow.
 *
 * <p>The margin is a fifth of the lease, at least 100 ms (for clocks that drift, and a scheduler
 * that wakes a thread late), at most half the lease. With the default 15 s lease a leader believes
 * itself for 12 s after each renewal it sends every 5 s. Immutable and thread-safe.
 *
 * @param lease the lease the server grants
 */
record LeaseDeadline(Duration lease) {
  private static final Duration MIN_MARGIN = Duration.ofMillis(100);

  /** What is taken off the lease. */
  Duration margin() {
    Duration margin = lease.dividedBy(5);
    if (margin.compareTo(MIN_MARGIN) < 0) {
      margin = MIN_MARGIN;
    }
    Duration half = lease.dividedBy(2);
    return margin.compareTo(half) > 0 ? half : margin;
  }

  /** The tick (of the same clock as {@code sentAt}) until which a lease granted by a statement sent at {@code sentAt} is believed. */
  long believedUntil(long sentAt) {
    return sentAt + lease.minus(margin()).toNanos();
  }

  /** Whether {@code now} is still before {@code until}, ticks that may wrap around as {@link System#nanoTime} does. */
  static boolean before(long now, long until) {
    return now - until < 0;
  }
}
