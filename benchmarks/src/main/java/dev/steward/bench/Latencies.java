package dev.steward.bench;

import java.util.Arrays;

/** Latencies of one run (commits, passes, commands), in nanoseconds. Not thread-safe: one per writer thread, or guarded by its owner. */
final class Latencies {
  private long[] samples = new long[1 << 14];
  private int count;

  void add(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = nanos;
  }

  void addAll(Latencies other) {
    for (int i = 0; i < other.count; i++) {
      add(other.samples[i]);
    }
  }

  int count() {
    return count;
  }

  /** The {@code q}-quantile (0..1) in milliseconds, nearest rank; NaN when empty. */
  double quantileMillis(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
  }

  double maxMillis() {
    long max = 0;
    for (int i = 0; i < count; i++) {
      max = Math.max(max, samples[i]);
    }
    return count == 0 ? Double.NaN : max / 1e6;
  }
}
