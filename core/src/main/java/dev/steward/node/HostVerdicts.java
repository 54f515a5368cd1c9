package dev.steward.node;

import dev.steward.HostMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A host's figures against the planner's {@link Thresholds}, in the words a plan gives as its
 * reason: "cpu 97% is above the removal threshold 95%", "cpu 85% is not below the add threshold
 * 80%". Pure functions; the planner's rules decide what follows from them.
 */
final class HostVerdicts {
  private HostVerdicts() {}

  /** Every figure past its removal threshold, in words; empty when none is. */
  static Optional<String> crisis(Thresholds t, HostMetrics m) {
    List<String> crossed = new ArrayList<>(4);
    if (m.cpuPercent() > t.cpuRemoveAbove()) {
      crossed.add("cpu " + percent(m.cpuPercent()) + " is above the removal threshold " + percent(t.cpuRemoveAbove()));
    }
    if (m.memoryUsedPercent() > t.memoryRemoveAbove()) {
      crossed.add("memory " + percent(m.memoryUsedPercent()) + " is above the removal threshold " + percent(t.memoryRemoveAbove()));
    }
    if (m.diskFreePercent() < t.diskFreeCrisisBelow()) {
      crossed.add("free disk " + percent(m.diskFreePercent()) + " is below the crisis threshold " + percent(t.diskFreeCrisisBelow()));
    }
    double load = m.load1() / m.cpus();
    if (load > t.loadPerCpuRemoveAbove()) {
      crossed.add("load " + number(load) + " per cpu is above the removal threshold " + number(t.loadPerCpuRemoveAbove()));
    }
    return crossed.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", crossed));
  }

  /** Every figure not on the safe side of its add threshold, in words; empty when all are. */
  static Optional<String> addBlocked(Thresholds t, HostMetrics m) {
    List<String> blocked = new ArrayList<>(4);
    if (!(m.cpuPercent() < t.cpuAddBelow())) {
      blocked.add("cpu " + percent(m.cpuPercent()) + " is not below the add threshold " + percent(t.cpuAddBelow()));
    }
    if (!(m.memoryUsedPercent() < t.memoryAddBelow())) {
      blocked.add("memory " + percent(m.memoryUsedPercent()) + " is not below the add threshold " + percent(t.memoryAddBelow()));
    }
    if (!(m.diskFreePercent() > t.diskFreeAddAbove())) {
      blocked.add("free disk " + percent(m.diskFreePercent()) + " is not above the add threshold " + percent(t.diskFreeAddAbove()));
    }
    double load = m.load1() / m.cpus();
    if (!(load < t.loadPerCpuAddBelow())) {
      blocked.add("load " + number(load) + " per cpu is not below the add threshold " + number(t.loadPerCpuAddBelow()));
    }
    return blocked.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", blocked));
  }

  static String percent(double value) {
    return number(value) + "%";
  }

  /** At most two decimals, no trailing zeros: 97, 97.5, 0.33. */
  static String number(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
