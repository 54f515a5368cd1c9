package dev.steward.node;

/**
 * Host resource thresholds. A node is added only while every figure is on the safe side of its add
 * threshold; a node is removed when any figure crosses its removal (crisis) threshold.
 *
 * @param cpuAddBelow add only while CPU% is below this
 * @param cpuRemoveAbove remove a node when CPU% is above this
 * @param memoryAddBelow add only while memory used% is below this
 * @param memoryRemoveAbove remove a node when memory used% is above this
 * @param diskFreeAddAbove add only while disk free% is above this
 * @param diskFreeCrisisBelow remove a node when disk free% is below this
 * @param loadPerCpuAddBelow add only while load1 / cpus is below this
 * @param loadPerCpuRemoveAbove remove a node when load1 / cpus is above this
 */
public record Thresholds(
    double cpuAddBelow,
    double cpuRemoveAbove,
    double memoryAddBelow,
    double memoryRemoveAbove,
    double diskFreeAddAbove,
    double diskFreeCrisisBelow,
    double loadPerCpuAddBelow,
    double loadPerCpuRemoveAbove) {

  /** Add below 80% CPU and memory, above 20% free disk and under 1.5 load per CPU; remove above 95%, 95%, below 5%, above 4. */
  public static final Thresholds DEFAULT = new Thresholds(80, 95, 80, 95, 20, 5, 1.5, 4);

  /**
   * No thresholds: a busy host never holds an addition back and never loses a node for its load.
   * For demos and tests on shared machines; infinity stands for "no limit".
   */
  public static final Thresholds NONE = new Thresholds(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

  public Thresholds {
    pair(cpuAddBelow, cpuRemoveAbove, "CPU", 100);
    pair(memoryAddBelow, memoryRemoveAbove, "memory", 100);
    pair(diskFreeCrisisBelow, diskFreeAddAbove, "free disk", 100);
    pair(loadPerCpuAddBelow, loadPerCpuRemoveAbove, "load per CPU", Double.MAX_VALUE);
  }

  private static void pair(double low, double high, String what, double max) {
    // Infinity is allowed above the range: it means "no limit".
    if (!(low >= 0 && low <= high && (high <= max || high == Double.POSITIVE_INFINITY))) {
      throw new IllegalArgumentException("The " + what + " thresholds must satisfy 0 <= " + low + " <= " + high
          + " <= " + (max == Double.MAX_VALUE ? "any" : max));
    }
  }
}
