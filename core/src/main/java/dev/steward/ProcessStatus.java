package dev.steward;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state of one managed process as its manager sees it. Immutable and thread-safe.
 *
 * @param key the resource the process belongs to
 * @param state running, stopped, failed or absent
 * @param pid its process id (or container id hash) while known
 * @param startedAt when it started, for people and for ages; to tell a reused pid from the real
 *     process, compare {@link #identity()}
 * @param attributes manager-specific facts, e.g. {@code unit}, {@code container-id}, {@code log}
 * @param identity the pid with its exact start time, when the manager knows the process on this
 *     host that well (a manager of local processes, while it runs); its pid is {@link #pid()}
 */
public record ProcessStatus(ResourceKey key, ProcessState state, OptionalLong pid, Optional<Instant> startedAt,
    Map<String, String> attributes, Optional<ProcessIdentity> identity) {
  public ProcessStatus {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(pid, "pid");
    Objects.requireNonNull(startedAt, "startedAt");
    attributes = Maps.copySorted(attributes, "Attribute");
    Objects.requireNonNull(identity, "identity");
    if (identity.isPresent() && (pid.isEmpty() || pid.getAsLong() != identity.get().pid())) {
      throw new IllegalArgumentException("The status of " + key + " names " + identity.get() + " but its pid is "
          + (pid.isPresent() ? Long.toString(pid.getAsLong()) : "unknown") + ": they must agree");
    }
  }

  /** A status without an identity: for managers that know no start time in clock ticks. */
  public ProcessStatus(ResourceKey key, ProcessState state, OptionalLong pid, Optional<Instant> startedAt,
      Map<String, String> attributes) {
    this(key, state, pid, startedAt, attributes, Optional.empty());
  }

  public static ProcessStatus absent(ResourceKey key) {
    return new ProcessStatus(key, ProcessState.ABSENT, OptionalLong.empty(), Optional.empty(), Map.of());
  }

  /** This status naming {@code process}, whose pid becomes {@link #pid()}. */
  public ProcessStatus withIdentity(ProcessIdentity process) {
    Objects.requireNonNull(process, "process");
    return new ProcessStatus(key, state, OptionalLong.of(process.pid()), startedAt, attributes, Optional.of(process));
  }
}
