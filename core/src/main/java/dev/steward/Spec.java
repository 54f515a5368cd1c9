package dev.steward;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The desired state of one resource, as its owner wants it: a key and free-form properties such
 * as {@code version}, {@code command} or {@code port}. Immutable; the map is copied and sorted.
 */
public record Spec(ResourceKey key, Map<String, String> properties) {
  public Spec {
    Objects.requireNonNull(key, "key");
    properties = Maps.copySorted(properties, "Spec property");
  }

  public static Spec of(ResourceKey key) {
    return new Spec(key, Map.of());
  }

  public Optional<String> property(String name) {
    return Optional.ofNullable(properties.get(name));
  }

  /** A copy with one property set. */
  public Spec with(String name, String value) {
    Map<String, String> copy = new TreeMap<>(properties);
    copy.put(name, value);
    return new Spec(key, copy);
  }
}
