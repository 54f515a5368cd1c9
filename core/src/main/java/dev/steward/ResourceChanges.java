package dev.steward;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The changes between two inventories (resources by key, each with its fields by name), and the
 * reverse: an inventory with changes applied. {@code apply(before, between(before, after, ...))}
 * is {@code after} on every key the observation covered, and two equal inventories give no
 * change. Stateless and thread-safe.
 */
public final class ResourceChanges {
  private ResourceChanges() {}

  /**
   * What changed from {@code before} to {@code after}, ordered by key: a key only in {@code after}
   * is ADDED, one only in {@code before} REMOVED, one in both with other field values CHANGED.
   *
   * @param seen the keys the observation behind {@code after} could have seen: a key of {@code
   *     before} missing from {@code after} but not seen (its node is down, its type could not be
   *     read) is not REMOVED, it is unknown; a key in {@code after} is seen
   * @param at when the observation behind {@code after} was made
   */
  public static List<ResourceChange> between(Map<ResourceKey, Map<String, String>> before, Map<ResourceKey, Map<String, String>> after,
      Predicate<ResourceKey> seen, Instant at) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(seen, "seen");
    Objects.requireNonNull(at, "at");
    Set<ResourceKey> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<ResourceChange> changes = new ArrayList<>();
    for (ResourceKey key : keys) {
      Map<String, String> old = before.get(key);
      Map<String, String> now = after.get(key);
      if (old == null) {
        changes.add(new ResourceChange(key, ResourceChange.Type.ADDED, fields(Map.of(), now), at));
      } else if (now == null) {
        if (seen.test(key)) {
          changes.add(new ResourceChange(key, ResourceChange.Type.REMOVED, fields(old, Map.of()), at));
        }
      } else {
        Map<String, ResourceChange.FieldChange> fields = fields(old, now);
        if (!fields.isEmpty()) {
          changes.add(new ResourceChange(key, ResourceChange.Type.CHANGED, fields, at));
        }
      }
    }
    return List.copyOf(changes);
  }

  /** {@link #between} with every key seen. */
  public static List<ResourceChange> between(Map<ResourceKey, Map<String, String>> before, Map<ResourceKey, Map<String, String>> after,
      Instant at) {
    return between(before, after, key -> true, at);
  }

  /**
   * The fields of {@code old} and {@code now} whose values differ, each with its old and new
   * value; empty when they are equal.
   */
  public static Map<String, ResourceChange.FieldChange> fields(Map<String, String> old, Map<String, String> now) {
    Objects.requireNonNull(old, "old");
    Objects.requireNonNull(now, "now");
    Set<String> names = new TreeSet<>(old.keySet());
    names.addAll(now.keySet());
    Map<String, ResourceChange.FieldChange> fields = new TreeMap<>();
    for (String name : names) {
      Optional<String> was = Optional.ofNullable(old.get(name));
      Optional<String> is = Optional.ofNullable(now.get(name));
      if (!was.equals(is)) {
        fields.put(name, new ResourceChange.FieldChange(was, is));
      }
    }
    return fields;
  }

  /**
   * {@code inventory} with {@code changes} applied in order: an ADDED resource gets its fields, a
   * REMOVED one goes, a CHANGED one takes each field's new value (a field without one goes).
   *
   * @throws IllegalArgumentException when a change does not fit: ADDED for a key that is there,
   *     REMOVED or CHANGED for one that is not, or a CHANGED field whose old value is not the one there
   */
  public static Map<ResourceKey, Map<String, String>> apply(Map<ResourceKey, Map<String, String>> inventory, List<ResourceChange> changes) {
    Map<ResourceKey, Map<String, String>> result = new TreeMap<>();
    inventory.forEach((key, fields) -> result.put(key, new TreeMap<>(fields)));
    for (ResourceChange change : changes) {
      ResourceKey key = change.key();
      Map<String, String> fields = result.get(key);
      switch (change.type()) {
        case ADDED -> {
          if (fields != null) {
            throw new IllegalArgumentException(key + " is ADDED but already there");
          }
          Map<String, String> added = new TreeMap<>();
          change.fields().forEach((name, field) -> added.put(name, field.after().orElseThrow()));
          result.put(key, added);
        }
        case REMOVED -> {
          if (fields == null) {
            throw new IllegalArgumentException(key + " is REMOVED but not there");
          }
          result.remove(key);
        }
        case CHANGED -> {
          if (fields == null) {
            throw new IllegalArgumentException(key + " is CHANGED but not there");
          }
          change.fields().forEach((name, field) -> {
            if (!Optional.ofNullable(fields.get(name)).equals(field.before())) {
              throw new IllegalArgumentException("Field " + name + " of " + key + " changes from " + field.before().orElse("(none)")
                  + " but is " + Optional.ofNullable(fields.get(name)).orElse("(none)"));
            }
            field.after().ifPresentOrElse(value -> fields.put(name, value), () -> fields.remove(name));
          });
        }
        default -> throw new IllegalStateException("Unknown change type " + change.type());
      }
    }
    return result;
  }
}
