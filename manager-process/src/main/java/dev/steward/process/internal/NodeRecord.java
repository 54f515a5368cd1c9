package dev.steward.process.internal;

import dev.steward.ProcessIdentity;
import dev.steward.ResourceKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the manager wrote down about the last process it started (or adopted) for a node. The pid
 * and its start time together name the process: a later process given the same pid has another
 * start time.
 *
 * @param key the node
 * @param instance the Steward instance that started it
 * @param pid its process id, which is also its session and process group id
 * @param startTicks field 22 of {@code /proc/<pid>/stat} when it started
 * @param startedAt the same moment as an instant (boot time plus ticks), for people
 * @param command the command line it runs
 * @param directory its working directory, when the spec named one
 * @param port the TCP port it listens on, when the spec named one
 * @param version the version its spec named
 * @param log the file its stdout and stderr go to
 * @param stoppedAt when the manager stopped it; empty while it is meant to run
 * @param exitCode its exit status, when the manager saw it exit
 * @param failure why it failed to start, when it did
 * @param adopted true when it was found by its environment markers rather than started here
 */
public record NodeRecord(
    ResourceKey key,
    String instance,
    long pid,
    long startTicks,
    Instant startedAt,
    List<String> command,
    Optional<Path> directory,
    OptionalInt port,
    Optional<String> version,
    Path log,
    Optional<Instant> stoppedAt,
    OptionalInt exitCode,
    Optional<String> failure,
    boolean adopted) {
  public NodeRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(startedAt, "startedAt");
    command = List.copyOf(command);
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(stoppedAt, "stoppedAt");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(failure, "failure");
  }

  public NodeRecord stopped(Instant at) {
    return new NodeRecord(key, instance, pid, startTicks, startedAt, command, directory, port, version, log,
        Optional.of(at), exitCode, failure, adopted);
  }

  public NodeRecord exited(int status) {
    return new NodeRecord(key, instance, pid, startTicks, startedAt, command, directory, port, version, log,
        stoppedAt, OptionalInt.of(status), failure, adopted);
  }

  public NodeRecord failed(String why) {
    return new NodeRecord(key, instance, pid, startTicks, startedAt, command, directory, port, version, log,
        stoppedAt, exitCode, Optional.of(why), adopted);
  }

  /** The process this record names: its pid with its start ticks. */
  public ProcessIdentity identity() {
    return new ProcessIdentity(pid, startTicks);
  }
}
