package dev.steward.observe;

import java.util.OptionalDouble;

/**
 * The time all CPUs together have spent in each mode since boot, in clock ticks ({@code USER_HZ},
 * 100 per second on Linux), from the {@code cpu} line of {@code /proc/stat}. Guest time is already
 * part of user and nice time, so it is not kept apart.
 */
public record CpuTimes(long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) {
  public CpuTimes {
    if (user < 0 || nice < 0 || system < 0 || idle < 0 || iowait < 0 || irq < 0 || softirq < 0 || steal < 0) {
      throw new IllegalArgumentException("CPU times are 0 or more");
    }
  }

  /** Every tick, busy or not. */
  public long total() {
    return user + nice + system + idle + iowait + irq + softirq + steal;
  }

  /** Ticks spent doing nothing: idle and waiting for I/O. */
  public long idleTotal() {
    return idle + iowait;
  }

  /**
   * The share of time the CPUs were busy between {@code earlier} and this sample, 0 to 100; empty
   * when no tick passed between them, or the counters went backwards (a CPU was taken offline).
   */
  public OptionalDouble busyPercentSince(CpuTimes earlier) {
    long total = total() - earlier.total();
    long idleDelta = idleTotal() - earlier.idleTotal();
    if (total <= 0 || idleDelta < 0 || idleDelta > total) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(100.0 * (total - idleDelta) / total);
  }
}
