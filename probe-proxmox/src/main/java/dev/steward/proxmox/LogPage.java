package dev.steward.proxmox;

import java.util.List;

/**
 * One page of {@code GET /nodes/{n}/tasks/{upid}/log}: lines from a 0-based {@code start}, and how
 * many lines the log has so far. Past the end the page is empty. A log without any line is
 * answered with one line {@code no content}, which this page leaves out ({@code total} 0).
 * Immutable.
 */
public record LogPage(List<LogLine> lines, int total) {
  public LogPage {
    lines = List.copyOf(lines);
  }
}
