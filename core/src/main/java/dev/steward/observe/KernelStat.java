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
}
