package dev.steward.proxmox;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One page of {@code GET /nodes/{node}/tasks}. Filters apply before paging, and the page's
 * {@code total} counts every task that matches. Immutable; the {@code with...} methods copy.
 *
 * @param start how many matching tasks to skip (newest first)
 * @param limit how many to return, 1 or more
 * @param source finished, running or both
 * @param since only tasks started at or after this
 * @param until only tasks started at or before this
 * @param vmid only tasks for this guest
 * @param type only tasks of this type, e.g. {@code vzdump}
 * @param errorsOnly only tasks that did not end OK
 */
public record TaskQuery(int start, int limit, TaskSource source, Optional<Instant> since, Optional<Instant> until,
    OptionalInt vmid, Optional<String> type, boolean errorsOnly) {
  public TaskQuery {
    if (start < 0 || limit < 1) {
      throw new IllegalArgumentException("A task page starts at 0 or later and has a limit of 1 or more, not start "
          + start + " and limit " + limit);
    }
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(vmid, "vmid");
    Objects.requireNonNull(type, "type");
  }

  /** The first {@code limit} tasks, running and finished. */
  public static TaskQuery first(int limit) {
    return new TaskQuery(0, limit, TaskSource.ALL, Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty(), false);
  }

  public TaskQuery withStart(int newStart) {
    return new TaskQuery(newStart, limit, source, since, until, vmid, type, errorsOnly);
  }

  public TaskQuery withSource(TaskSource newSource) {
    return new TaskQuery(start, limit, newSource, since, until, vmid, type, errorsOnly);
  }

  public TaskQuery since(Instant from) {
    return new TaskQuery(start, limit, source, Optional.of(from), until, vmid, type, errorsOnly);
  }

  public TaskQuery until(Instant to) {
    return new TaskQuery(start, limit, source, since, Optional.of(to), vmid, type, errorsOnly);
  }

  public TaskQuery forGuest(int guest) {
    return new TaskQuery(start, limit, source, since, until, OptionalInt.of(guest), type, errorsOnly);
  }

  public TaskQuery ofType(String taskType) {
    return new TaskQuery(start, limit, source, since, until, vmid, Optional.of(taskType), errorsOnly);
  }

  public TaskQuery onlyErrors() {
    return new TaskQuery(start, limit, source, since, until, vmid, type, true);
  }
}
