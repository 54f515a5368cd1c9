package dev.steward.proxmox;

/**
 * Whether a guest runs. {@link #UNKNOWN} means not seen: its node is down or could not be asked, so
 * nothing about it is known now; it never means gone.
 */
public enum GuestState {
  RUNNING,
  STOPPED,
  UNKNOWN;

  /** {@code running}, {@code stopped}; anything else ({@code unknown}, a future word): {@link #UNKNOWN}. */
  public static GuestState of(String status) {
    return switch (status) {
      case "running" -> RUNNING;
      case "stopped" -> STOPPED;
      default -> UNKNOWN;
    };
  }
}
