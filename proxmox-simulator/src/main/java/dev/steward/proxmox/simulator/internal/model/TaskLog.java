package dev.steward.proxmox.simulator.internal.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A task's log file: {@code generatedLines} lines made up on demand from the task's type and id
 * (so a benchmark's thousands of logs take no memory), followed by lines written later, such as
 * the final {@code TASK OK}. Immutable; {@link #append} returns a longer copy.
 */
public record TaskLog(int generatedLines, String type, String id, List<String> written) {
  public TaskLog {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    written = List.copyOf(written);
    if (generatedLines < 0) {
      throw new IllegalArgumentException("A log has zero or more lines, not " + generatedLines);
    }
  }

  public static TaskLog empty(String type, String id) {
    return new TaskLog(0, type, id, List.of());
  }

  public int size() {
    return generatedLines + written.size();
  }

  /** Line {@code index} (0-based) without its newline. */
  public String line(int index) {
    if (index < generatedLines) {
      return generatedLine(index);
    }
    return written.get(index - generatedLines);
  }

  public TaskLog append(String line) {
    List<String> longer = new ArrayList<>(written);
    longer.add(line);
    return new TaskLog(generatedLines, type, id, longer);
  }

  private String generatedLine(int index) {
    String subject = id.isEmpty() ? type : type + " " + id;
    if (index == 0) {
      return "starting task " + subject;
    }
    if (type.equals("vzdump")) {
      int percent = Math.min(100, index * 100 / Math.max(1, generatedLines - 1));
      return "INFO: status: " + percent + "% (" + percent * 167 + " MiB of 16.3 GiB), sparse 12% (1.9 GiB), duration " + index * 7;
    }
    return subject + ": step " + index + " of " + (generatedLines - 1);
  }
}
