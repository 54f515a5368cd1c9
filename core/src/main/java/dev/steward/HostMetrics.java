package dev.steward;

/**
 * How loaded a host is, as a probe read it. The decision engine compares these figures with its
 * add and removal thresholds.
 *
 * @param cpuPercent CPU busy time over the probe's sampling window, 0 to 100 (all cores together)
 * @param memoryUsedPercent memory in use (total minus available), 0 to 100
 * @param diskFreePercent free space on the file system that holds the nodes' data, 0 to 100
 * @param load1 the one-minute load average
 * @param cpus how many CPUs the host has, at least 1
 */
public record HostMetrics(double cpuPercent, double memoryUsedPercent, double diskFreePercent, double load1, int cpus) {
  public HostMetrics {
    requirePercent(cpuPercent, "CPU");
    requirePercent(memoryUsedPercent, "Memory used");
    requirePercent(diskFreePercent, "Disk free");
    if (!(load1 >= 0) || Double.isInfinite(load1)) {
      throw new IllegalArgumentException("Load average must be a finite number of zero or more, got " + load1);
    }
    if (cpus < 1) {
      throw new IllegalArgumentException("A host has at least 1 CPU, got " + cpus);
    }
  }

  private static void requirePercent(double value, String what) {
    if (!(value >= 0 && value <= 100)) {
      throw new IllegalArgumentException(what + " percentage must be between 0 and 100, got " + value);
    }
  }
}
