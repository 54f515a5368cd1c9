package dev.steward;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What changed in one resource between two observations of it: it appeared ({@link Type#ADDED},
 * every field with its new value), it went ({@link Type#REMOVED}, every field with its last
 * value), or some of its fields took other values ({@link Type#CHANGED}, only those, each with its
 * old and new value; a field that appeared or went has no old or no new value). {@link
 * ResourceChanges#between} computes them and {@link ResourceChanges#apply} replays them. Immutable
 * and thread-safe.
 *
 * @param key the resource
 * @param type what happened to it
 * @param fields the fields that changed, by name, in name order; never empty for CHANGED
 * @param at when the observation that saw it was made
 */
public record ResourceChange(ResourceKey key, Type type, Map<String, FieldChange> fields, Instant at) {
  /** What happened to the resource. */
  public enum Type {
    ADDED,
    CHANGED,
    REMOVED
  }

  /**
   * One field's old and new value: no old value for a field that appeared, no new value for one
   * that went; never the same value twice.
   */
  public record FieldChange(Optional<String> before, Optional<String> after) {
    public FieldChange {
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
      if (before.isEmpty() && after.isEmpty()) {
        throw new IllegalArgumentException("A field change needs an old or a new value");
      }
      if (before.equals(after)) {
        throw new IllegalArgumentException("A field change needs two different values, not '" + before.get() + "' twice");
      }
    }

    @Override
    public String toString() {
      return before.map(Names::printable).orElse("(none)") + " -> " + after.map(Names::printable).orElse("(none)");
    }
  }

  public ResourceChange {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    fields = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(fields, "fields")));
    for (Map.Entry<String, FieldChange> field : fields.entrySet()) {
      Objects.requireNonNull(field.getValue(), field.getKey());
      boolean fits = switch (type) {
        case ADDED -> field.getValue().before().isEmpty();
        case REMOVED -> field.getValue().after().isEmpty();
        case CHANGED -> true;
      };
      if (!fits) {
        throw new IllegalArgumentException("Field " + field.getKey() + " of the " + type + " change of " + key + " is " + field.getValue()
            + ": an ADDED field has no old value and a REMOVED one no new value");
      }
    }
    if (type == Type.CHANGED && fields.isEmpty()) {
      throw new IllegalArgumentException("The CHANGED change of " + key + " names no field: a change needs at least one");
    }
  }
}
