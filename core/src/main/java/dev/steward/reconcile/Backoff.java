package dev.steward.reconcile;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How long a failed node waits before its next attempt: {@code base * 2^(attempts-1)}, capped,
 * then shortened by up to {@code jitter} of itself at random so a fleet that failed together does
 * not retry in lock step. Thread-safe.
 */
public final class Backoff {
  private final Duration base;
  private final Duration cap;
  private final double jitter;
  private final SplittableRandom random;

  /**
   * @param base the delay after the first failure
   * @param cap the longest delay
   * @param jitter the share of the delay taken off at random, 0 to 1
   * @param seed the seed of the randomness, so tests and replays are repeatable
   */
  public Backoff(Duration base, Duration cap, double jitter, long seed) {
    this.base = Objects.requireNonNull(base, "base");
    this.cap = Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("Backoff needs 0 < base <= cap, got base " + base + " and cap " + cap);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("Backoff jitter must be between 0 and 1, got " + jitter);
    }
    this.jitter = jitter;
    this.random = new SplittableRandom(seed);
  }

  /** 1 s doubling up to 5 minutes, with 20% jitter. */
  public static Backoff standard() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2, System.nanoTime());
  }

  /** The delay before the attempt after {@code attempts} failures in a row (1 or more). */
  public Duration delayAfter(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("The delay is for 1 or more failures, got " + attempts);
    }
    long baseNanos = base.toNanos();
    long capNanos = cap.toNanos();
    int shift = Math.min(attempts - 1, 62);
    long full = baseNanos > (capNanos >> shift) ? capNanos : Math.min(capNanos, baseNanos << shift);
    double draw;
    synchronized (random) {
      draw = random.nextDouble();
    }
    return Duration.ofNanos(full - (long) (full * jitter * draw));
  }
}
