package dev.steward.observe;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@code /proc/stat} says about the whole host.
 *
 * @param cpu the aggregate time of all CPUs
 * @param cpus how many {@code cpuN} lines there are: the CPUs online; at least 1
 * @param bootTime when the host booted ({@code btime}), to the second; process start times count
 *     from it
 */
public record KernelStat(CpuTimes cpu, int cpus, Instant bootTime) {
  public KernelStat {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(bootTime, "bootTime");
    if (cpus < 1) {
      throw new IllegalArgumentException("A host has at least 1 CPU, got " + cpus);
    }
  }

  /**
   * When a process that started {@code startTicks} after boot ({@link ProcessStat#startTicks()})
   * started: exact to the tick after {@link #bootTime()}, which itself is exact only to the second.
   *
   * @param ticksPerSecond the unit of {@code startTicks}, {@code USER_HZ} ({@code getconf CLK_TCK}),
   *     100 on x86-64, arm64 and riscv64
   * @throws IllegalArgumentException when {@code startTicks} is negative or {@code ticksPerSecond} is not positive
   */
  public Instant processStart(long startTicks, long ticksPerSecond) {
    if (startTicks < 0 || ticksPerSecond <= 0) {
      throw new IllegalArgumentException("Start ticks are 0 or more and ticks per second more than 0, got "
          + startTicks + " and " + ticksPerSecond);
    }
    long nanos = (startTicks % ticksPerSecond) * 1_000_000_000L / ticksPerSecond;
    return bootTime.plusSeconds(startTicks / ticksPerSecond).plusNanos(nanos);
  }
}
