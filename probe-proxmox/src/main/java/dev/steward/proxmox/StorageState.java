package dev.steward.proxmox;

/** Whether a storage can be used on a node. */
public enum StorageState {
  /** Enabled and active. */
  AVAILABLE,
  /** Enabled, but not active on the node (an unmounted share, a missing pool). */
  INACTIVE,
  /** Disabled in storage.cfg, or not for this node. */
  DISABLED,
  /** Not seen: the node is down or could not be asked. */
  UNKNOWN
}
