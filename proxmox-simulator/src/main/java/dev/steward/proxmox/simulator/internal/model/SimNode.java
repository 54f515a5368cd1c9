package dev.steward.proxmox.simulator.internal.model;

/**
 * The fixed facts of one cluster node: name and corosync id, address, hardware, when it booted
 * (epoch seconds; uptime and task {@code pstart}s count from it) and its usual load. Whether it is
 * up is cluster state, not a fact of the node. Immutable.
 */
public record SimNode(String name, int index, int nodeId, String ip, int sockets, int cores, String cpuModel, String mhz,
    long maxMem, long rootfsTotal, long bootEpoch, double cpuLoad, double memFraction, double diskFraction) {

  public int maxCpu() {
    return sockets * cores;
  }

  public long memUsed() {
    return (long) (maxMem * memFraction);
  }

  public long rootfsUsed() {
    return (long) (rootfsTotal * diskFraction);
  }

  public long uptime(long nowEpoch) {
    return Math.max(0, nowEpoch - bootEpoch);
  }
}
