package dev.steward.internal.store.file;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A child process for {@link ProcessLockHolderTest}: takes the lock of the state directory given
 * as its argument, prints {@code locked} and holds it until its standard input is closed.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath().normalize();
    ProcessLock lock = ProcessLock.of(dir.resolve(StateDirectory.LOCK));
    try (ProcessLock.Held held = lock.acquire(dir, Duration.ofMinutes(1))) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() != -1) {
        // hold the lock until the parent closes our standard input
      }
    } finally {
      lock.unref();
    }
  }
}
