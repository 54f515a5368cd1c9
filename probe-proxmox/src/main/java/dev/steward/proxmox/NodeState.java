package dev.steward.proxmox;

/** Whether a node is up, as the cluster sees it. */
public enum NodeState {
  ONLINE,
  OFFLINE,
  /** The cluster has no fresh word of it, or the status is one this client does not know. */
  UNKNOWN;

  /** {@code online}, {@code offline}, anything else: {@link #UNKNOWN}. */
  public static NodeState of(String status) {
    return switch (status) {
      case "online" -> ONLINE;
      case "offline" -> OFFLINE;
      default -> UNKNOWN;
    };
  }
}
