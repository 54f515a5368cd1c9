package dev.steward.proxmox;

import java.util.List;
import java.util.Objects;

/**
 * The lines of a task log that were read, and how many it has. Immutable.
 *
 * @param upid the task
 * @param lines the lines read, in order, numbered from 1
 * @param totalLines lines in the whole log when it was read (0 for a log without any)
 */
public record TaskLog(Upid upid, List<LogLine> lines, int totalLines) {
  public TaskLog {
    Objects.requireNonNull(upid, "upid");
    lines = List.copyOf(lines);
  }

  /** Whether every line of the log was read. */
  public boolean isComplete() {
    return lines.size() >= totalLines;
  }
}
