package dev.steward.proxmox;

import java.time.Duration;

/**
 * Waits between retries. The client is given one so tests can record the waits instead of
 * sleeping; {@link #system()} sleeps the calling thread. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** {@link Thread#sleep}. */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
  }
}
