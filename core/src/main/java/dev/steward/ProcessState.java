package dev.steward;

/** What a {@link ProcessManager} knows about a managed process. */
public enum ProcessState {
  RUNNING,
  STOPPED,
  /** Exited on its own with a non-zero status, or was killed. */
  FAILED,
  /** The manager has never heard of it. */
  ABSENT
}
