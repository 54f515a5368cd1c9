package dev.steward.proxmox;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A task of a node's task list, or a task's status. Immutable.
 *
 * @param upid its id, with node, type, id, user and start time
 * @param state whether it runs, and how it ended
 * @param exitStatus {@code OK}, {@code WARNINGS: n}, the error text or {@code unexpected status}; empty while it runs
 * @param endTime when it ended; empty while it runs, and in a task's status, which does not say
 */
public record Task(Upid upid, TaskState state, Optional<String> exitStatus, Optional<Instant> endTime) {
  public Task {
    Objects.requireNonNull(upid, "upid");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(exitStatus, "exitStatus");
    Objects.requireNonNull(endTime, "endTime");
  }

  public String node() {
    return upid.node();
  }

  public Instant startTime() {
    return upid.startTime();
  }
}
