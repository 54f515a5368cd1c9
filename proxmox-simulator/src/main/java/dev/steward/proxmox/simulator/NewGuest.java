package dev.steward.proxmox.simulator;

import java.util.Objects;
import java.util.Optional;

/**
 * A guest to add to a running simulator: {@code NewGuest.qemu("web", "pve2").memoryMb(4096).stopped()}.
 * Without a {@link #vmid(int) vmid} the simulator takes the next free one, as {@code
 * /cluster/nextid} would. Immutable; every method returns a changed copy.
 */
public record NewGuest(GuestType type, String name, String node, Optional<Integer> vmid, boolean running,
    long memoryMb, int cores, long diskGb, String tags) {
  public NewGuest {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(vmid, "vmid");
    Objects.requireNonNull(tags, "tags");
    if (memoryMb < 16 || cores < 1 || diskGb < 1) {
      throw new IllegalArgumentException("A guest needs at least 16 MiB of memory, one core and 1 GiB of disk, not "
          + memoryMb + " MiB, " + cores + " cores, " + diskGb + " GiB");
    }
    vmid.ifPresent(id -> {
      if (id < 100 || id > 999_999_999) {
        throw new IllegalArgumentException("A vmid is between 100 and 999999999, not " + id);
      }
    });
  }

  /** A running VM with 2 GiB, 2 cores and a 32 GiB disk. */
  public static NewGuest qemu(String name, String node) {
    return new NewGuest(GuestType.QEMU, name, node, Optional.empty(), true, 2048, 2, 32, "");
  }

  /** A running container with 512 MiB, 1 core and an 8 GiB root disk. */
  public static NewGuest lxc(String name, String node) {
    return new NewGuest(GuestType.LXC, name, node, Optional.empty(), true, 512, 1, 8, "");
  }

  public NewGuest vmid(int id) {
    return new NewGuest(type, name, node, Optional.of(id), running, memoryMb, cores, diskGb, tags);
  }

  public NewGuest stopped() {
    return new NewGuest(type, name, node, vmid, false, memoryMb, cores, diskGb, tags);
  }

  public NewGuest memoryMb(long megabytes) {
    return new NewGuest(type, name, node, vmid, running, megabytes, cores, diskGb, tags);
  }

  public NewGuest cores(int count) {
    return new NewGuest(type, name, node, vmid, running, memoryMb, count, diskGb, tags);
  }

  public NewGuest diskGb(long gigabytes) {
    return new NewGuest(type, name, node, vmid, running, memoryMb, cores, gigabytes, tags);
  }

  /** Tags as Proxmox joins them, {@code prod;web}. */
  public NewGuest tags(String joined) {
    return new NewGuest(type, name, node, vmid, running, memoryMb, cores, diskGb, joined);
  }
}
