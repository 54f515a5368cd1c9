package dev.steward.proxmox;

/** How a task stands, from its status text (pve-common's {@code upid_normalize_status_type}). */
public enum TaskState {
  RUNNING,
  /** {@code OK}. */
  OK,
  /** {@code WARNINGS: n}: it finished, with warnings. */
  WARNINGS,
  /** Any other text: the error it ended with. */
  FAILED,
  /** {@code unexpected status}: the worker died without a final line. */
  UNKNOWN;

  /** The state of a task list's {@code status} or a task's {@code exitstatus}. */
  public static TaskState ofStatus(String status) {
    if (status.equals("RUNNING") || status.equals("running")) {
      return RUNNING;
    }
    if (status.equals("OK")) {
      return OK;
    }
    if (status.matches("WARNINGS: \\d+")) {
      return WARNINGS;
    }
    if (status.equals("unexpected status")) {
      return UNKNOWN;
    }
    return FAILED;
  }

  /** OK or with warnings: pve-common's test of success. */
  public boolean succeeded() {
    return this == OK || this == WARNINGS;
  }
}
