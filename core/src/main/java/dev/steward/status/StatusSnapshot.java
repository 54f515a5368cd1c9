package dev.steward.status;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an instance said about itself at one moment: the content of the status file and of the
 * socket's {@code status} answer.
 *
 * @param formatVersion the version of the JSON format it was read from or will be written as
 * @param instance the instance name ({@code steward.instance})
 * @param host the host its items live on; {@code local} for this machine
 * @param pid the process that published it
 * @param processStartedAt when that process started, as the operating system reports it; with the
 *     pid it tells the publisher from a later process that got the same pid
 * @param startedAt when publishing started
 * @param updatedAt when an item last changed
 * @param heartbeatAt when the publisher last wrote it; older than a few heartbeats means it is
 *     hung or gone
 * @param paused whether the instance was asked to pause
 * @param items its items, in the publisher's order (copied)
 */
public record StatusSnapshot(int formatVersion, String instance, String host, long pid,
    Optional<Instant> processStartedAt, Instant startedAt, Instant updatedAt, Instant heartbeatAt, boolean paused,
    List<StatusItem> items) {
  /** The format version this Steward writes, and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  public StatusSnapshot {
    if (formatVersion < 1) {
      throw new IllegalArgumentException("A status format version starts at 1, got " + formatVersion);
    }
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(processStartedAt, "processStartedAt");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(heartbeatAt, "heartbeatAt");
    items = List.copyOf(items);
  }

  /** The item with this id. */
  public Optional<StatusItem> item(String id) {
    return items.stream().filter(i -> i.id().equals(id)).findFirst();
  }
}
