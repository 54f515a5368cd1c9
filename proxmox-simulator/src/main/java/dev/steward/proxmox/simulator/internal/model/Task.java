package dev.steward.proxmox.simulator.internal.model;

import dev.steward.proxmox.simulator.TaskOutcome;
import java.util.Objects;
import java.util.Optional;

/**
 * One task: its UPID, when and how it ended (both empty while it runs) and its log. Immutable.
 */
public record Task(Upid upid, Optional<Long> endtime, Optional<TaskOutcome> outcome, TaskLog log) {
  public Task {
    Objects.requireNonNull(upid, "upid");
    Objects.requireNonNull(endtime, "endtime");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(log, "log");
    if (endtime.isPresent() != outcome.isPresent()) {
      throw new IllegalArgumentException("A task has both an end time and an outcome, or neither: " + upid);
    }
  }

  public boolean running() {
    return outcome.isEmpty();
  }

  public long starttime() {
    return upid.starttime();
  }

  /** The task as it is once it ended at {@code epoch} with {@code end}, its final line logged. */
  public Task finished(long epoch, TaskOutcome end) {
    TaskLog ended = end.finalLogLine().isEmpty() ? log : log.append(end.finalLogLine());
    return new Task(upid, Optional.of(Math.max(epoch, upid.starttime())), Optional.of(end), ended);
  }
}
