package dev.steward.observe;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One container as {@code docker ps} lists it.
 *
 * @param id the container id: 12 hex digits, or 64 with {@code --no-trunc} and from the Engine API
 * @param names its names without the leading {@code /} the Engine API writes
 * @param image the image as the container was created from it, e.g. {@code steward/busybox:test}
 * @param state the machine-readable state: {@code created}, {@code running}, {@code paused},
 *     {@code restarting}, {@code removing}, {@code exited} or {@code dead}
 * @param status the human text, e.g. {@code Exited (137) 3 seconds ago}
 * @param labels the container's labels; from the CLI's text form a value holding a comma cannot be
 *     told from two labels, so read labels from {@link DockerInspect} when values may hold commas
 * @param created when it was created, to the second
 */
public record ContainerSummary(
    String id, List<String> names, String image, String state, String status, Map<String, String> labels, Optional<Instant> created) {
  public ContainerSummary {
    Objects.requireNonNull(id, "id");
    names = List.copyOf(names);
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(status, "status");
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    Objects.requireNonNull(created, "created");
  }

  /** Whether the container is running (paused counts as not running). */
  public boolean running() {
    return state.equals("running");
  }
}
