package dev.steward.proxmox;

import dev.steward.ResourceKey;

/**
 * How the {@code proxmox} probe names what it observes: the kinds of its resource keys (the host of
 * a key is the Proxmox node) and the attributes it sets, so code that reads its observations needs
 * no bare strings. Constants only.
 */
public final class ProxmoxResources {
  /** A node: {@code pve-node/<node>@<node>}. */
  public static final String KIND_NODE = "pve-node";
  /** A VM: {@code pve-qemu/<vmid>@<node>}. */
  public static final String KIND_QEMU = "pve-qemu";
  /** A container: {@code pve-lxc/<vmid>@<node>}. */
  public static final String KIND_LXC = "pve-lxc";
  /** A storage as a node sees it: {@code pve-storage/<storage>@<node>}; its parts are its volumes' volids. */
  public static final String KIND_STORAGE = "pve-storage";
  /** A task: {@code pve-task/<UPID:node:pid:pstart:starttime>@<node>} ({@link Upid#shortName()}). */
  public static final String KIND_TASK = "pve-task";
  /** The probe's own resource on each node observed: {@code probe/proxmox@<node>}. */
  public static final String KIND_PROBE = "probe";
  public static final String PROBE_NAME = "proxmox";

  /** On the probe resource: the types seen for the node, comma-separated ({@link ResourceType#word()}). */
  public static final String ATTR_OBSERVED = "observed";
  /** On the probe resource, followed by a type's word: why that type was not seen for the node. */
  public static final String ATTR_FAILED_PREFIX = "failed.";
  /** On guests: {@code config.<key>} for each config key. */
  public static final String ATTR_CONFIG_PREFIX = "config.";
  /** On guests, nodes and storages: {@code running}/{@code stopped}/{@code unknown}, {@code online}/..., {@code available}/... */
  public static final String ATTR_STATE = "state";
  /** On tasks: the full UPID. */
  public static final String ATTR_UPID = "upid";
  /** On tasks whose log was read: its last lines, joined by newlines. */
  public static final String ATTR_LOG = "log";

  private ProxmoxResources() {}

  /** The key of {@code guest}: {@code pve-qemu/100@pve1}. */
  public static ResourceKey key(Guest guest) {
    return ResourceKey.of(guest.type() == GuestType.QEMU ? KIND_QEMU : KIND_LXC, Integer.toString(guest.vmid()), guest.node());
  }

  /** The key of {@code task}: {@code pve-task/UPID:pve1:0003A1B2:0074B9C5:6516E0F4@pve1}. */
  public static ResourceKey key(Task task) {
    return ResourceKey.of(KIND_TASK, task.upid().shortName(), task.node());
  }

  /** The key of {@code pool}: {@code pve-storage/local@pve1}. */
  public static ResourceKey key(StoragePool pool) {
    return ResourceKey.of(KIND_STORAGE, pool.storage(), pool.node());
  }

  /** The key of {@code node}: {@code pve-node/pve1@pve1}. */
  public static ResourceKey key(ClusterNode node) {
    return ResourceKey.of(KIND_NODE, node.name(), node.name());
  }

  /** The probe's own resource on {@code node}. */
  public static ResourceKey probeKey(String node) {
    return ResourceKey.of(KIND_PROBE, PROBE_NAME, node);
  }
}
