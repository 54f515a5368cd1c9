package dev.steward.status;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, failing after a deadline; never a fixed sleep. */
final class Poll {
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private Poll() {}

  /** The value once {@code supplier} gives one. */
  static <T> T value(java.util.function.Supplier<java.util.Optional<T>> supplier) {
    java.util.concurrent.atomic.AtomicReference<T> found = new java.util.concurrent.atomic.AtomicReference<>();
    until("a value", () -> {
      supplier.get().ifPresent(found::set);
      return found.get() != null;
    });
    return found.get();
  }

  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after " + DEADLINE.toSeconds() + " s waiting for: " + what);
      }
      LockSupport.parkNanos(2_000_000L);
    }
  }
}
