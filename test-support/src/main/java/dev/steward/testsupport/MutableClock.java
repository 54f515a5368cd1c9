package dev.steward.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that stands still until a test moves it, so timestamps in assertions are exact and no
 * test has to sleep. A {@linkplain #stepping stepping} clock also moves on by a fixed step every
 * time it is read, so each write it times gets a time of its own. Always UTC. Thread-safe.
 */
public final class MutableClock extends Clock {
  private final Duration step;
  private Instant now;

  public MutableClock(Instant start) {
    this(start, Duration.ZERO);
  }

  private MutableClock(Instant start, Duration step) {
    this.now = Objects.requireNonNull(start, "start");
    this.step = Objects.requireNonNull(step, "step");
    if (step.isNegative()) {
      throw new IllegalArgumentException("A clock cannot step backwards: " + step);
    }
  }

  /** A clock at 2026-01-01T00:00:00Z. */
  public static MutableClock startingAtEpochOf2026() {
    return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A clock that reads {@code start} first and then {@code step} later on every further read. */
  public static MutableClock stepping(Instant start, Duration step) {
    return new MutableClock(start, step);
  }

  /** Moves the clock on by {@code by}; the new time. */
  public synchronized Instant advance(Duration by) {
    now = now.plus(by);
    return now;
  }

  public synchronized void set(Instant instant) {
    now = Objects.requireNonNull(instant, "instant");
  }

  @Override
  public synchronized Instant instant() {
    Instant read = now;
    now = now.plus(step);
    return read;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** This clock: it is UTC only, and a copy in another zone would not move with it. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
