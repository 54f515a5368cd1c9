package dev.steward.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it, so timestamps in assertions are exact and no
 * test has to sleep. Thread-safe.
 */
public final class MutableClock extends Clock {
  private volatile Instant now;

  public MutableClock(Instant start) {
    this.now = start;
  }

  /** A clock at 2026-01-01T00:00:00Z. */
  public static MutableClock startingAtEpochOf2026() {
    return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public synchronized Instant advance(Duration step) {
    now = now.plus(step);
    return now;
  }

  public void set(Instant instant) {
    now = instant;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
