package dev.steward.examples.cli;

import dev.steward.Settings;
import dev.steward.reconcile.Reconciler;
import dev.steward.reconcile.ReconcilerDaemon;
import dev.steward.status.StatusOptions;
import dev.steward.examples.fleet.FleetReport;
import dev.steward.status.StatusPublisher;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a reconciler's passes on a schedule until SIGINT or SIGTERM, publishing its resources
 * through the status file and socket ({@code steward status}), where {@code pause}, {@code resume}
 * and {@code reload} are answered: what {@code steward reconcile} and {@code steward drift sync
 * --watch} share. Made before the command opens its parts and {@linkplain #closed() told} once they
 * are all closed: on a signal the JVM runs the hook and then halts, so the hook waits until the
 * pass under way has finished and everything is closed, and the status file and socket are gone.
 */
final class LoopDaemon {
  private final Duration stopGrace;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  /** Released on a stop and on a reload that rebuilds the reconciler: the main thread wakes for either. */
  private final Semaphore wake = new Semaphore(0);
  private final CountDownLatch closed = new CountDownLatch(1);
  /** The passes running now, once {@link #run} has started them. */
  private final AtomicReference<ReconcilerDaemon> passes = new AtomicReference<>();

  private LoopDaemon(Duration stopGrace) {
    this.stopGrace = stopGrace;
  }

  /** Installs the shutdown hook; call {@link #closed()} in a {@code finally} once every part is closed. */
  static LoopDaemon install(Duration stopGrace) {
    LoopDaemon daemon = new LoopDaemon(stopGrace);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.stopRequested.countDown();
      daemon.wake.release();
      try {
        daemon.closed.await(stopGrace.plusSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "steward-shutdown"));
    return daemon;
  }

  /**
   * Publishes status, opens the reconciler {@code open} makes for that status, and runs its passes
   * every {@code interval} (plus up to a fifth of it at random) until a signal; {@code reload} runs
   * {@code onReload} and then a pass at once.
   *
   * @param onReload what {@code reload} does before it asks for a pass
   * @param doing the first words of the line that says it runs, e.g. "Reconciling"
   * @param stopped the line printed after a clean stop
   */
  int run(PrintWriter out, Settings settings, Duration interval, Runnable onReload, Function<StatusPublisher, Reconciler> open,
      String doing, String stopped) throws InterruptedException {
    return run(out, settings, () -> interval, onReload, false, open, doing, stopped);
  }

  /**
   * As above; with {@code rebuildOnReload}, {@code reload} runs {@code onReload}, lets the pass under
   * way finish, and opens the reconciler again with {@code open} and runs it every {@code
   * interval} as they are now: what it reloaded (policy, budgets, selector, interval) takes effect
   * whole. A pause stays a pause across it.
   */
  int run(PrintWriter out, Settings settings, Supplier<Duration> interval, Runnable onReload, boolean rebuildOnReload,
      Function<StatusPublisher, Reconciler> open, String doing, String stopped) throws InterruptedException {
    StatusOptions options = StatusOptions.builder(settings)
        .onPause(() -> Optional.ofNullable(passes.get()).ifPresent(ReconcilerDaemon::pause))
        .onResume(() -> Optional.ofNullable(passes.get()).ifPresent(ReconcilerDaemon::resume))
        .onReload(() -> {
          onReload.run();
          if (rebuildOnReload) {
            wake.release();
          } else {
            Optional.ofNullable(passes.get()).ifPresent(ReconcilerDaemon::requestPass);
          }
        })
        .build();
    try (StatusPublisher status = StatusPublisher.start(options)) {
      boolean paused = false;
      boolean reloaded = false;
      while (true) {
        try (Reconciler reconciler = open.apply(status)) {
          Duration every = interval.get();
          ReconcilerDaemon daemon = reconciler.startDaemon(every, every.dividedBy(5));
          if (paused) {
            daemon.pause();
          }
          passes.set(daemon);
          out.println((reloaded ? "Reloaded. " : "") + doing + " every " + FleetReport.duration(every) + "; status on "
              + status.location().socket() + " (steward status); stop with Ctrl-C.");
          out.flush();
          wake.acquire();
          paused = daemon.isPaused();
          daemon.stop(stopGrace.plusSeconds(30));
          if (stopRequested.getCount() == 0) {
            out.println(stopped);
            out.flush();
            return ExitCodes.OK;
          }
          wake.drainPermits();
          reloaded = true;
        }
      }
    }
  }

  /** Runs the next pass now, e.g. when this instance has just been elected leader; nothing before {@link #run}. */
  void requestPass() {
    Optional.ofNullable(passes.get()).ifPresent(ReconcilerDaemon::requestPass);
  }

  /** Every part is closed: the hook may let the JVM halt. */
  void closed() {
    closed.countDown();
  }
}
