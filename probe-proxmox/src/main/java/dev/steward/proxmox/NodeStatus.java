package dev.steward.proxmox;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /nodes/{node}/status}, read from the node itself. Immutable.
 *
 * @param node the node
 * @param pveVersion {@code pve-manager/8.3.5/dac3aa88bac3f300}
 * @param kernel the running kernel, {@code Linux 6.8.12-8-pve ...}
 * @param loadAverage the 1, 5 and 15 minute load averages
 * @param cpuModel the CPU model
 * @param cpus logical CPUs
 * @param mhz the CPU clock
 * @param memoryTotal memory, bytes
 * @param memoryUsed memory used, bytes
 * @param rootTotal root file system, bytes
 * @param rootUsed root file system used, bytes
 * @param uptimeSeconds seconds since boot
 * @param bootMode {@code efi} or {@code legacy-bios}, from 8.0
 */
public record NodeStatus(String node, String pveVersion, String kernel, List<Double> loadAverage, String cpuModel,
    int cpus, double mhz, long memoryTotal, long memoryUsed, long rootTotal, long rootUsed, long uptimeSeconds,
    Optional<String> bootMode) {
  public NodeStatus {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(pveVersion, "pveVersion");
    Objects.requireNonNull(kernel, "kernel");
    loadAverage = List.copyOf(loadAverage);
    Objects.requireNonNull(cpuModel, "cpuModel");
    Objects.requireNonNull(bootMode, "bootMode");
  }
}
