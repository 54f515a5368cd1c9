package dev.steward.internal.store.file;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares the strings that repeat across records (lifecycle and state names, attribute names,
 * stage names, common reasons), so a store of 100,000 records does not hold 100,000 copies of
 * "RUNNING". Only short strings are kept, and only up to a bound, so unique text cannot grow it
 * without limit. Thread-safe.
 */
final class Interned {
  private static final int MAX_LENGTH = 64;
  private static final int MAX_ENTRIES = 16_384;
  private static final ConcurrentHashMap<String, String> POOL = new ConcurrentHashMap<>();

  private Interned() {}

  static String of(String value) {
    if (value.length() > MAX_LENGTH) {
      return value;
    }
    String pooled = POOL.get(value);
    if (pooled != null) {
      return pooled;
    }
    if (POOL.size() >= MAX_ENTRIES) {
      return value;
    }
    pooled = POOL.putIfAbsent(value, value);
    return pooled == null ? value : pooled;
  }
}
