package dev.steward;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

final class Maps {
  private Maps() {}

  /** An unmodifiable sorted copy that refuses null and blank keys and null values. */
  static Map<String, String> copySorted(Map<String, String> source, String what) {
    if (source == null || source.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, String> copy = new TreeMap<>();
    source.forEach((k, v) -> {
      if (k == null || k.isBlank()) {
        throw new IllegalArgumentException(what + " names must not be blank");
      }
      if (v == null) {
        throw new IllegalArgumentException(what + " '" + k + "' has no value (null)");
      }
      copy.put(k, v);
    });
    return Collections.unmodifiableMap(copy);
  }
}
