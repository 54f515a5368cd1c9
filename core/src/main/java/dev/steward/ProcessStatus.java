package dev.steward;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state of one managed process as its manager sees it.
 *
 * @param key the resource the process belongs to
 * @param state running, stopped, failed or absent
 * @param pid its process id (or container id hash) while known
 * @param startedAt when it started, which tells a reused pid from the real one
 * @param attributes manager-specific facts, e.g. {@code unit}, {@code container-id}, {@code log}
 */
public record ProcessStatus(
    ResourceKey key, ProcessState state, OptionalLong pid, Optional<Instant> startedAt, Map<String, String> attributes) {
  public ProcessStatus {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(pid, "pid");
    Objects.requireNonNull(startedAt, "startedAt");
    attributes = Maps.copySorted(attributes, "Attribute");
  }

  public static ProcessStatus absent(ResourceKey key) {
    return new ProcessStatus(key, ProcessState.ABSENT, OptionalLong.empty(), Optional.empty(), Map.of());
  }
}
