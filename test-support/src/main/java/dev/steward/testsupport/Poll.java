package dev.steward.testsupport;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for something another thread or process does, by asking again every few milliseconds
 * until it holds or a deadline passes: never a fixed sleep, and never longer than needed.
 *
 * <pre>{@code
 * Poll.until("the node to listen", () -> listening(port));
 * ProcessStatus gone = Poll.within(Duration.ofSeconds(10)).await("not RUNNING", () -> manager.status(key), s -> !s.isRunning());
 * }</pre>
 *
 * An instance is immutable and thread-safe.
 */
public final class Poll {
  /** How long {@link #until(String, BooleanSupplier)} and the other static methods wait. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
  /** How often a condition is asked again. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(20);

  private final Duration deadline;
  private final Duration interval;

  private Poll(Duration deadline, Duration interval) {
    if (deadline.isNegative() || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("Poll needs a deadline of zero or more and an interval above zero, not "
          + deadline + " and " + interval);
    }
    this.deadline = deadline;
    this.interval = interval;
  }

  /** Polls for at most {@code deadline}, every {@link #DEFAULT_INTERVAL}. */
  public static Poll within(Duration deadline) {
    return new Poll(Objects.requireNonNull(deadline, "deadline"), DEFAULT_INTERVAL);
  }

  /** The same deadline, asking again every {@code interval}. */
  public Poll every(Duration interval) {
    return new Poll(deadline, Objects.requireNonNull(interval, "interval"));
  }

  /** Waits up to {@link #DEFAULT_DEADLINE} until {@code condition} holds; an {@link AssertionError} naming {@code what} otherwise. */
  public static void until(String what, BooleanSupplier condition) {
    within(DEFAULT_DEADLINE).await(what, condition);
  }

  /** Waits up to {@link #DEFAULT_DEADLINE} until {@code supplier} gives a value, and returns it. */
  public static <T> T value(String what, Supplier<Optional<T>> supplier) {
    return within(DEFAULT_DEADLINE).awaitValue(what, supplier);
  }

  /** Waits until {@code condition} holds; an {@link AssertionError} naming {@code what} otherwise. */
  public void await(String what, BooleanSupplier condition) {
    await(what, condition::getAsBoolean, Boolean::booleanValue);
  }

  /**
   * Reads {@code read} until {@code done} accepts what it gave, and returns that; an {@link
   * AssertionError} with {@code what} and the last value read otherwise.
   */
  public <T> T await(String what, Supplier<T> read, Predicate<? super T> done) {
    long end = System.nanoTime() + deadline.toNanos();
    T value = read.get();
    while (!done.test(value)) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("Waited " + describe(deadline) + " for " + what + "; last seen: " + value);
      }
      pause(what);
      value = read.get();
    }
    return value;
  }

  /** Waits until {@code supplier} gives a value, and returns it. */
  public <T> T awaitValue(String what, Supplier<Optional<T>> supplier) {
    AtomicReference<T> found = new AtomicReference<>();
    await(what, () -> {
      supplier.get().ifPresent(found::set);
      return found.get() != null;
    });
    return found.get();
  }

  /**
   * Whether {@code condition} came to hold before the deadline, for tests that assert on the
   * answer themselves (for example that something did <em>not</em> happen).
   */
  public boolean eventually(BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      pause("a condition");
    }
    return true;
  }

  private void pause(String what) {
    LockSupport.parkNanos(interval.toNanos());
    if (Thread.currentThread().isInterrupted()) {
      throw new AssertionError("Interrupted while waiting for " + what);
    }
  }

  private static String describe(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  @Override
  public String toString() {
    return "Poll within " + describe(deadline) + " every " + describe(interval);
  }
}
