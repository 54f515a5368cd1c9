package dev.steward.docker.internal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One node in a pack container as its listing ({@link PackListing}) describes it. Immutable.
 *
 * @param directory its directory under {@link PackScripts#ROOT}, as {@link NodeLaunch#directoryOf} names it
 * @param resource {@code kind/name}, as {@link dev.steward.ProcessSpec#resourceMarker} writes it
 * @param version the version it runs; empty when its spec named none
 * @param hash the hash of everything it was started with ({@link NodeLaunch#hash})
 * @param launch what started it ({@link NodeLaunch#token}), when the listing was asked for it
 * @param pid its pid in the container; empty while its supervisor has not recorded it
 * @param startedAt when it started, to the second
 * @param alive whether it runs
 * @param exitCode its exit status, once it ended and its supervisor recorded it
 * @param stopped whether Steward stopped it
 * @param logTail its last lines, oldest first, when it is not alive
 */
record PackedNode(String directory, String resource, String version, String hash, Optional<String> launch, OptionalLong pid,
    Optional<Instant> startedAt, boolean alive, OptionalInt exitCode, boolean stopped, List<String> logTail) {
  PackedNode {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(launch, "launch");
    Objects.requireNonNull(pid, "pid");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(exitCode, "exitCode");
    logTail = List.copyOf(logTail);
  }
}
