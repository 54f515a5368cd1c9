package dev.steward.proxmox.simulator.internal.model;

/**
 * Seeds for {@link java.util.SplittableRandom}s that must not overlap: two generators seeded
 * {@code s} and {@code s + gamma} give the same numbers one step apart, so seeds built by adding
 * indices are mixed first (SplitMix64's finalizer, which spreads every input bit). Stateless.
 */
final class Seeds {
  private Seeds() {}

  static long mix(long seed, long first, long second) {
    return finish(finish(finish(seed) ^ first) ^ second);
  }

  private static long finish(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
