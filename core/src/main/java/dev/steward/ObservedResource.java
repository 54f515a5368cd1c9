package dev.steward;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.Collections;

/**
 * One resource a probe saw on a host.
 *
 * @param key the resource
 * @param parts the parts of it that are present (e.g. the bind mounts of a project), empty when the
 *     resource has no parts
 * @param attributes facts the probe read, such as {@code pid}, {@code version} or {@code source}
 */
public record ObservedResource(ResourceKey key, Set<String> parts, Map<String, String> attributes) {
  public ObservedResource {
    Objects.requireNonNull(key, "key");
    parts = Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(parts, "parts")));
    attributes = Maps.copySorted(attributes, "Attribute");
  }

  public static ObservedResource of(ResourceKey key) {
    return new ObservedResource(key, Set.of(), Map.of());
  }
}
