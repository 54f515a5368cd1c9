package dev.steward.proxmox.simulator.internal.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The simulator's time: the clock it was given, plus however far {@code advance} has moved it on,
 * so tests can expire tickets with their own clock or through the simulator. Thread-safe.
 */
public final class SimulatorClock extends Clock {
  private final Clock base;
  private volatile Duration offset = Duration.ZERO;

  public SimulatorClock(Clock base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  public synchronized void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("The simulator's clock only moves forward, not by " + by);
    }
    offset = offset.plus(by);
  }

  public long epochSecond() {
    return instant().getEpochSecond();
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
