package dev.steward.proxmox;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A VM or container. A guest whose node is down or could not be asked is {@link GuestState#UNKNOWN}
 * and carries only what the cluster view still knows (often only type, vmid and node): it was
 * not seen, which never means it is gone. Immutable.
 *
 * @param type VM or container
 * @param vmid its id, unique in the cluster
 * @param node the node it is on
 * @param name its name (a container's host name); absent when not seen
 * @param state whether it runs
 * @param status the API's status word, {@code running}, {@code stopped} or {@code unknown}
 * @param template whether it is a template
 * @param tags its tags, in the order set
 * @param lock a lock it holds ({@code backup}, {@code migrate}, ...)
 * @param cpus the CPUs it may use
 * @param maxMemory its memory, bytes
 * @param maxDisk its boot disk's size, bytes
 * @param qmpStatus QEMU's own status ({@code running}, {@code paused}, {@code prelaunch}...), for running VMs
 * @param usage what it uses now, when seen
 * @param config its configuration, when it was read
 */
public record Guest(GuestType type, int vmid, String node, Optional<String> name, GuestState state, String status,
    boolean template, List<String> tags, Optional<String> lock, OptionalDouble cpus, OptionalLong maxMemory,
    OptionalLong maxDisk, Optional<String> qmpStatus, Optional<GuestUsage> usage, Optional<GuestConfig> config) {
  public Guest {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(status, "status");
    tags = List.copyOf(tags);
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(cpus, "cpus");
    Objects.requireNonNull(maxMemory, "maxMemory");
    Objects.requireNonNull(maxDisk, "maxDisk");
    Objects.requireNonNull(qmpStatus, "qmpStatus");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(config, "config");
    if (vmid < 1) {
      throw new IllegalArgumentException("A vmid is positive, not " + vmid);
    }
  }

  /** {@code qemu/100} or {@code lxc/101}, as {@code /cluster/resources} writes its id. */
  public String id() {
    return type.apiName() + "/" + vmid;
  }

  /** This guest with {@code config}. */
  public Guest withConfig(GuestConfig newConfig) {
    return new Guest(type, vmid, node, name, state, status, template, tags, lock, cpus, maxMemory, maxDisk, qmpStatus,
        usage, Optional.of(newConfig));
  }

  /** This guest, not seen: {@link GuestState#UNKNOWN}, without usage. */
  public Guest asUnknown() {
    return new Guest(type, vmid, node, name, GuestState.UNKNOWN, "unknown", template, tags, lock, cpus, maxMemory, maxDisk,
        Optional.empty(), Optional.empty(), config);
  }
}
