package dev.steward.proxmox.simulator.internal.model;

import dev.steward.proxmox.simulator.GuestType;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One guest as the cluster knows it: what it is, where it runs, its sizes, since when it runs
 * (epoch seconds), and config keys set through the simulator's API that override the generated
 * ones. Usage numbers are derived from {@code noise} so they stay the same between calls.
 * Immutable; the {@code with...} methods return changed copies.
 */
public record Guest(int vmid, GuestType type, String node, String name, boolean running, boolean template, int cores,
    long memoryMb, long swapMb, long diskBytes, String diskStorage, String tags, long startedEpoch, int pid,
    boolean agent, String ostype, Map<String, String> configOverrides, long noise) {

  public Guest {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tags, "tags");
    configOverrides = Map.copyOf(configOverrides);
  }

  public long maxMemBytes() {
    return memoryMb * 1024 * 1024;
  }

  public long uptime(long nowEpoch) {
    return running ? Math.max(0, nowEpoch - startedEpoch) : 0;
  }

  /** CPU use as a fraction of all its cores (0..1), steady per guest. */
  public double cpu() {
    return running ? (Math.floorMod(noise, 997) / 997.0) * 0.35 : 0;
  }

  public long memUsed() {
    return running ? (long) (maxMemBytes() * (0.15 + Math.floorMod(noise >>> 10, 70) / 100.0)) : 0;
  }

  public long diskUsed() {
    // qemu cannot see inside its disk image; a container's rootfs usage is known.
    return type == GuestType.LXC && running ? (long) (diskBytes * (0.1 + Math.floorMod(noise >>> 20, 60) / 100.0)) : 0;
  }

  /** Counters that only grow while the guest runs: a steady rate times its uptime. */
  public long counter(long nowEpoch, int salt) {
    long rate = 1 + Math.floorMod(noise >>> (salt * 7), 50_000);
    return uptime(nowEpoch) * rate;
  }

  public Guest movedTo(String newNode) {
    return new Guest(vmid, type, newNode, name, running, template, cores, memoryMb, swapMb, diskBytes, diskStorage, tags,
        startedEpoch, pid, agent, ostype, configOverrides, noise);
  }

  public Guest withMemoryMb(long megabytes) {
    return new Guest(vmid, type, node, name, running, template, cores, megabytes, swapMb, diskBytes, diskStorage, tags,
        startedEpoch, pid, agent, ostype, configOverrides, noise);
  }

  public Guest withRunning(boolean run, long nowEpoch, int newPid) {
    return new Guest(vmid, type, node, name, run, template, cores, memoryMb, swapMb, diskBytes, diskStorage, tags,
        run && !running ? nowEpoch : startedEpoch, run ? newPid : 0, agent, ostype, configOverrides, noise);
  }

  /**
   * The guest with config key {@code key} set to {@code value}; keys the lists also show
   * ({@code name}/{@code hostname}, {@code cores}, {@code memory}, {@code tags}) change there too.
   */
  public Guest withConfig(String key, String value) {
    Map<String, String> overrides = new TreeMap<>(configOverrides);
    overrides.put(key, value);
    String newName = name;
    int newCores = cores;
    long newMemory = memoryMb;
    String newTags = tags;
    switch (key) {
      case "name":
      case "hostname":
        newName = value;
        break;
      case "cores":
        newCores = Integer.parseInt(value);
        break;
      case "memory":
        newMemory = Long.parseLong(value.startsWith("current=") ? value.substring("current=".length()) : value);
        overrides.remove(key);
        break;
      case "tags":
        newTags = value;
        overrides.remove(key);
        break;
      default:
        break;
    }
    return new Guest(vmid, type, node, newName, running, template, newCores, newMemory, swapMb, diskBytes, diskStorage,
        newTags, startedEpoch, pid, agent, ostype, overrides, noise);
  }
}
