package dev.steward;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one observation made of one resource, for {@link StateStore#observe}: it is there with
 * these fields ({@link #present}), it is gone ({@link #gone}), or it could not be seen ({@link
 * #unseen}: its host is down, its type could not be read; not seen is not gone). Each sighting
 * also names the state its record should be in, and why. Immutable and thread-safe.
 *
 * @param key the resource
 * @param lifecycle the lifecycle a record made for it follows (only used when there is none yet)
 * @param fields what was seen of it (its record's attributes become these), or empty when it was not seen there
 * @param gone true when it was seen to be gone
 * @param state the state its record moves to, checked by its lifecycle
 * @param reason why, in words for a person
 */
public record Sighting(ResourceKey key, String lifecycle, Optional<Map<String, String>> fields, boolean gone, String state, String reason) {
  public Sighting {
    Objects.requireNonNull(key, "key");
    Names.notBlank(lifecycle, "Lifecycle name");
    fields = Objects.requireNonNull(fields, "fields").map(f -> Maps.copySorted(f, "Field"));
    Names.notBlank(state, "State");
    Objects.requireNonNull(reason, "reason");
    if (gone && fields.isPresent()) {
      throw new IllegalArgumentException("A sighting of " + key + " cannot both see its fields and see it gone");
    }
  }

  /** It is there, with these fields. */
  public static Sighting present(ResourceKey key, String lifecycle, Map<String, String> fields, String state, String reason) {
    return new Sighting(key, lifecycle, Optional.of(fields), false, state, reason);
  }

  /** {@link #present} in the {@link InventoryLifecycle}: PRESENT. */
  public static Sighting present(ResourceKey key, Map<String, String> fields) {
    return present(key, InventoryLifecycle.LIFECYCLE.name(), fields, InventoryLifecycle.PRESENT, "");
  }

  /** It was looked for where it would be and is not there. */
  public static Sighting gone(ResourceKey key, String lifecycle, String state, String reason) {
    return new Sighting(key, lifecycle, Optional.empty(), true, state, reason);
  }

  /** {@link #gone} in the {@link InventoryLifecycle}: REMOVED. */
  public static Sighting gone(ResourceKey key, String reason) {
    return gone(key, InventoryLifecycle.LIFECYCLE.name(), InventoryLifecycle.REMOVED, reason);
  }

  /** It could not be looked for: its record keeps its fields and moves to {@code state}. */
  public static Sighting unseen(ResourceKey key, String lifecycle, String state, String reason) {
    return new Sighting(key, lifecycle, Optional.empty(), false, state, reason);
  }

  /** {@link #unseen} in the {@link InventoryLifecycle}: UNKNOWN. */
  public static Sighting unseen(ResourceKey key, String reason) {
    return unseen(key, InventoryLifecycle.LIFECYCLE.name(), InventoryLifecycle.UNKNOWN, reason);
  }
}
