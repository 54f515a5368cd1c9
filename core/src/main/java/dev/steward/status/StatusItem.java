package dev.steward.status;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One thing an instance manages, as its status shows it: a port forward, a node, a pipeline item.
 *
 * @param id unique within the instance, e.g. {@code fwd-web}
 * @param kind what it is, e.g. {@code forward}
 * @param state its state in a word, e.g. {@code active}, {@code conflict}, {@code pending}, or a
 *     lifecycle state
 * @param reason why it is in that state; empty when it is healthy
 * @param attributes free-form details: local port, remote port, container id... (copied, sorted)
 * @param createdAt when it was first attempted; a {@link StatusPublisher} keeps the first one it saw
 * @param updatedAt when it entered its current state; a {@link StatusPublisher} changes it only when
 *     the state changes
 */
public record StatusItem(String id, String kind, String state, String reason, Map<String, String> attributes,
    Instant createdAt, Instant updatedAt) {
  public StatusItem {
    id = notBlank(id, "id");
    kind = notBlank(kind, "kind");
    state = notBlank(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    attributes = copy(attributes);
  }

  /** An item first attempted, and in its state since, {@code at}. */
  public static StatusItem of(String id, String kind, String state, String reason, Map<String, String> attributes,
      Instant at) {
    return new StatusItem(id, kind, state, reason, attributes, at, at);
  }

  /** True when the reason is empty: nothing to explain. */
  public boolean healthy() {
    return reason.isEmpty();
  }

  private static String notBlank(String value, String what) {
    Objects.requireNonNull(value, () -> "status item " + what + " must not be null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("A status item's " + what + " must not be blank");
    }
    return value;
  }

  private static Map<String, String> copy(Map<String, String> attributes) {
    Objects.requireNonNull(attributes, "attributes");
    if (attributes.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, String> copy = new TreeMap<>();
    attributes.forEach((k, v) -> {
      if (k == null || k.isBlank()) {
        throw new IllegalArgumentException("Status item attribute names must not be blank");
      }
      copy.put(k, Objects.requireNonNull(v, () -> "status item attribute '" + k + "' has no value (null)"));
    });
    return Collections.unmodifiableMap(copy);
  }
}
