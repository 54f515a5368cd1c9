package dev.steward.status;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link StatusClient} found: where the answer came from, the status when it could be read,
 * and what is wrong, both as {@link Problem}s to act on and as sentences to show.
 *
 * @param source where the status came from, or {@link Source#NONE}
 * @param snapshot the status, when one was found and could be read
 * @param problems what is wrong with it (copied)
 * @param warnings the same, said for a person, in the order found (copied)
 * @param location where the client looked
 */
public record StatusReport(Source source, Optional<StatusSnapshot> snapshot, Set<Problem> problems, List<String> warnings,
    StatusLocation location) {
  /** Where a status came from. */
  public enum Source {
    /** The running instance answered on its socket: current. */
    SOCKET,
    /** Nothing answered; this is the last status file the instance wrote. */
    FILE,
    /** Neither: no running instance found. */
    NONE
  }

  /** Something a caller may want to act on. */
  public enum Problem {
    /** A socket file is there but nothing answers on it, or it cannot be reached. */
    SOCKET_UNREACHABLE,
    /** The instance refused this client: another user. */
    REFUSED,
    /** The status file's last heartbeat is older than the client's threshold. */
    FILE_OLD,
    /** The process that wrote the file is not running. */
    PROCESS_GONE,
    /** A process with the file's pid runs, but it started at another time: not the one that wrote it. */
    PID_REUSED,
    /** The status could not be read: damaged, or not readable by this user. */
    UNREADABLE,
    /** The status is in a format version this Steward does not read. */
    UNSUPPORTED_VERSION
  }

  public StatusReport {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(snapshot, "snapshot");
    problems = problems.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(problems));
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(location, "location");
  }

  /** True when a running instance answered with a status this Steward reads. */
  public boolean running() {
    return source == Source.SOCKET && snapshot.isPresent();
  }
}
