package dev.steward.proxmox;

import java.util.List;

/**
 * One page of a node's task list, and how many tasks match in all (PVE leaves {@code total} out
 * when it is 0). Immutable.
 */
public record TaskPage(List<Task> tasks, int total) {
  public TaskPage {
    tasks = List.copyOf(tasks);
  }
}
