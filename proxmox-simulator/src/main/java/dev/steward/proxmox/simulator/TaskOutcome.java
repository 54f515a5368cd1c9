package dev.steward.proxmox.simulator;

import java.util.Objects;

/**
 * How a task ended, as its last log line says it and {@code exitstatus} / the task list's
 * {@code status} repeat it: {@code OK}, {@code WARNINGS: n}, the error text, or {@code unexpected
 * status} when the worker died before writing a final line. Immutable.
 */
public record TaskOutcome(Kind kind, int warnings, String error) {
  /** The four endings pve-common's {@code upid_normalize_status_type} tells apart. */
  public enum Kind { OK, WARNINGS, ERROR, UNEXPECTED }

  public TaskOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(error, "error");
    if (kind == Kind.WARNINGS && warnings < 1) {
      throw new IllegalArgumentException("A task that ended with warnings has at least one, not " + warnings);
    }
    if (kind == Kind.ERROR && (error.isBlank() || error.contains("\n"))) {
      throw new IllegalArgumentException("A task error is one line of text, not '" + error + "'");
    }
  }

  public static TaskOutcome ok() {
    return new TaskOutcome(Kind.OK, 0, "");
  }

  public static TaskOutcome warnings(int count) {
    return new TaskOutcome(Kind.WARNINGS, count, "");
  }

  public static TaskOutcome error(String message) {
    return new TaskOutcome(Kind.ERROR, 0, message);
  }

  /** The worker died without a final {@code TASK ...} line. */
  public static TaskOutcome unexpected() {
    return new TaskOutcome(Kind.UNEXPECTED, 0, "");
  }

  /** The task status text: {@code OK}, {@code WARNINGS: 2}, the error, or {@code unexpected status}. */
  public String exitStatus() {
    switch (kind) {
      case OK:
        return "OK";
      case WARNINGS:
        return "WARNINGS: " + warnings;
      case ERROR:
        return error;
      default:
        return "unexpected status";
    }
  }

  /** The final log line ({@code TASK OK}, ...), empty for an unexpected end. */
  public String finalLogLine() {
    return kind == Kind.UNEXPECTED ? "" : kind == Kind.ERROR ? "TASK ERROR: " + error : "TASK " + exitStatus();
  }
}
