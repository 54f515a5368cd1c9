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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

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
  private final CountDownLatch closed = new CountDownLatch(1);

  private LoopDaemon(Duration stopGrace) {
    this.stopGrace = stopGrace;
  }

  /** Installs the shutdown hook; call {@link #closed()} in a {@code finally} once every part is closed. */
  static LoopDaemon install(Duration stopGrace) {
    LoopDaemon daemon = new LoopDaemon(stopGrace);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.stopRequested.countDown();
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
   * every {@code interval} (plus up to a fifth of it at random) until a signal.
   *
   * @param onReload what {@code reload} does before it asks for a pass
   * @param doing the first words of the line that says it runs, e.g. "Reconciling"
   * @param stopped the line printed after a clean stop
   */
  int run(PrintWriter out, Settings settings, Duration interval, Runnable onReload, Function<StatusPublisher, Reconciler> open,
      String doing, String stopped) throws InterruptedException {
    AtomicReference<ReconcilerDaemon> passes = new AtomicReference<>();
    StatusOptions options = StatusOptions.builder(settings)
        .onPause(() -> Optional.ofNullable(passes.get()).ifPresent(ReconcilerDaemon::pause))
        .onResume(() -> Optional.ofNullable(passes.get()).ifPresent(ReconcilerDaemon::resume))
        .onReload(() -> {
          onReload.run();
          Optional.ofNullable(passes.get()).ifPresent(ReconcilerDaemon::requestPass);
        })
        .build();
    try (StatusPublisher status = StatusPublisher.start(options);
        Reconciler reconciler = open.apply(status)) {
      passes.set(reconciler.startDaemon(interval, interval.dividedBy(5)));
      out.println(doing + " every " + FleetReport.duration(interval) + "; status on " + status.location().socket()
          + " (steward status); stop with Ctrl-C.");
      out.flush();
      stopRequested.await();
      passes.get().stop(stopGrace.plusSeconds(30));
      out.println(stopped);
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** Every part is closed: the hook may let the JVM halt. */
  void closed() {
    closed.countDown();
  }
}
