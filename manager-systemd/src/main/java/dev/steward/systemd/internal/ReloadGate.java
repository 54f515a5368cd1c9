package dev.steward.systemd.internal;

import dev.steward.StewardException;

/**
 * One host's {@code systemctl daemon-reload}s, shared by everyone who needs one. A reload re-reads
 * every unit of the host, so writers that changed unit files at about the same time (the loop
 * starts up to eight nodes at once) should share one instead of queueing a reload each.
 *
 * <p>A caller that has written its file asks {@link #reloadSince()}: it needs a reload that
 * <em>started after</em> it asked, since one already running may have read the directory before
 * the write. If none runs, the caller runs it; if one runs, the caller waits for it to end and then
 * for the next one, which one of the waiters starts and all of them share. So however many callers
 * arrive while a reload runs, they cost one more reload between them.
 *
 * <p>Thread-safe.
 */
final class ReloadGate {
  /** Runs one reload; throws when it fails. */
  private final Runnable reload;
  /** Reloads started so far; the number of the one running, while one runs. */
  private long started;
  /** The number of the last reload that ended, and how. */
  private long ended;
  private RuntimeException lastFailure;
  private boolean running;

  ReloadGate(Runnable reload) {
    this.reload = reload;
  }

  /**
   * Returns once a reload that started after this call has ended well; runs it when no other caller
   * does.
   *
   * @throws RuntimeException the failure of that reload: as the reload threw it to the caller that
   *     ran it, wrapped in a {@link StewardException} for those that shared it
   */
  void reloadSince() {
    long mine;
    synchronized (this) {
      long needed = started + 1;
      while (running && ended < needed) {
        await();
      }
      if (ended >= needed) {
        // The last reload to end started after this call, so it covers what the caller wrote.
        if (lastFailure != null) {
          throw new StewardException(lastFailure.getMessage(), lastFailure);
        }
        return;
      }
      // None runs, and none has started since this call: this caller runs the next one.
      running = true;
      mine = ++started;
    }
    RuntimeException failure = new StewardException("The reload did not finish");
    try {
      reload.run();
      failure = null;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      synchronized (this) {
        running = false;
        ended = mine;
        lastFailure = failure;
        notifyAll();
      }
    }
  }

  private void await() {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StewardException("Interrupted while waiting for systemd to reload", e);
    }
  }
}
