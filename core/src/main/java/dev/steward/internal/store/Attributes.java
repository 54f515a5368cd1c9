package dev.steward.internal.store;

import dev.steward.ResourceRecord;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rule of {@link dev.steward.StateStore#updateAttributes}, shared by the stores: the given
 * attributes are merged in and an empty value removes one. Stateless.
 */
public final class Attributes {
  private Attributes() {}

  /** {@code record} with {@code given} merged in at {@code now}, or {@code record} itself when that changes nothing. */
  public static ResourceRecord merged(ResourceRecord record, Map<String, String> given, Instant now) {
    Map<String, String> merged = new TreeMap<>(record.attributes());
    given.forEach((name, value) -> {
      if (value.isEmpty()) {
        merged.remove(name);
      } else {
        merged.put(name, value);
      }
    });
    return merged.equals(record.attributes()) ? record : record.withAttributes(merged, now);
  }
}
