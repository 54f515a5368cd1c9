package dev.steward.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reconciler running passes on a schedule, on a thread of its own. A pass that throws is logged
 * and the next one runs on time; {@link #requestPass} runs one early (e.g. after a reload);
 * {@link #pause}/{@link #resume} hold passes without stopping the thread; {@link #stop} lets the
 * pass under way finish and ends the thread. Thread-safe.
 */
public final class ReconcilerDaemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReconcilerDaemon.class);

  private final Reconciler reconciler;
  private final Duration interval;
  private final Duration jitter;
  private final SplittableRandom random = new SplittableRandom();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Thread thread;
  private boolean stopping;
  private boolean passRequested;
  private boolean paused;
  private long passes;

  private ReconcilerDaemon(Reconciler reconciler, Duration interval, Duration jitter) {
    this.reconciler = reconciler;
    this.interval = interval;
    this.jitter = jitter;
    this.thread = new Thread(this::loop, "steward-reconciler");
  }

  static ReconcilerDaemon start(Reconciler reconciler, Duration interval, Duration jitter, Clock clock) {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(jitter, "jitter");
    if (interval.isNegative() || interval.isZero() || jitter.isNegative()) {
      throw new IllegalArgumentException("A daemon needs a positive interval and a jitter of zero or more, got "
          + interval + " and " + jitter);
    }
    ReconcilerDaemon daemon = new ReconcilerDaemon(reconciler, interval, jitter);
    daemon.thread.start();
    return daemon;
  }

  /** Runs the next pass now instead of at its time. */
  public void requestPass() {
    signal(() -> passRequested = true);
  }

  /** Holds passes until {@link #resume}; a pass under way finishes. */
  public void pause() {
    signal(() -> paused = true);
  }

  public void resume() {
    signal(() -> paused = false);
  }

  public boolean isPaused() {
    lock.lock();
    try {
      return paused;
    } finally {
      lock.unlock();
    }
  }

  /** How many passes have finished. */
  public long passes() {
    lock.lock();
    try {
      return passes;
    } finally {
      lock.unlock();
    }
  }

  /** Asks the daemon to stop after the pass under way and waits up to {@code timeout} for it. */
  public boolean stop(Duration timeout) throws InterruptedException {
    signal(() -> stopping = true);
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }

  @Override
  public void close() {
    try {
      stop(Duration.ofMinutes(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void signal(Runnable change) {
    lock.lock();
    try {
      change.run();
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    try {
      while (true) {
        lock.lock();
        try {
          if (stopping) {
            return;
          }
          if (paused) {
            wake.await();
            continue;
          }
          passRequested = false;
        } finally {
          lock.unlock();
        }
        try {
          reconciler.reconcileOnce();
        } catch (RuntimeException e) {
          log.error("A reconcile pass failed; the next one runs on schedule: {}", e.getMessage(), e);
        }
        lock.lock();
        try {
          passes++;
          long waitNanos = interval.toNanos() + (jitter.isZero() ? 0 : (long) (random.nextDouble() * jitter.toNanos()));
          while (!stopping && !passRequested && waitNanos > 0) {
            waitNanos = wake.awaitNanos(waitNanos);
          }
        } finally {
          lock.unlock();
        }
      }
    } catch (InterruptedException e) {
      log.info("The reconciler daemon was interrupted and stops");
    }
  }
}
