package dev.steward.internal.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OS lock passes from thread to thread of one JVM without being released, and never stays held by no one. */
class ProcessLockHandOffTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void aWaitingThreadOfTheSameUserIsToldNoOneElseHeldTheLockMeanwhile() throws Exception {
    ProcessLock lock = ProcessLock.of(dir.resolve("lock"));
    Object store = new Object();
    Object otherStore = new Object();
    try {
      try (ProcessLock.Held held = lock.acquire(dir, TIMEOUT, store)) {
        assertThat(lock.unbrokenFor(store)).as("taken from the OS").isFalse();
      }
      assertThat(unbrokenSeenByAWaiter(lock, store, store)).isTrue();
      assertThat(unbrokenSeenByAWaiter(lock, store, otherStore)).as("another store may have written").isFalse();
      try (ProcessLock.Held held = lock.acquire(dir, TIMEOUT, store)) {
        assertThat(lock.unbrokenFor(store)).as("released with no one waiting, taken again; another store held it last").isFalse();
      }
      assertThat(osLockIsFree(dir.resolve("lock"))).isTrue();
    } finally {
      lock.unref();
    }
  }

  @Test
  void manyThreadsLeaveTheOsLockFreeWhenTheyAreDone() throws Exception {
    ProcessLock lock = ProcessLock.of(dir.resolve("lock"));
    Object store = new Object();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean inside = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int t = 0; t < 8; t++) {
        Thread thread = new Thread(() -> {
          try {
            for (int i = 0; i < 500; i++) {
              try (ProcessLock.Held held = lock.acquire(dir, TIMEOUT, store)) {
                if (!inside.compareAndSet(false, true)) {
                  throw new AssertionError("two threads inside the lock");
                }
                inside.set(false);
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(failure.get()).isNull();
      assertThat(osLockIsFree(dir.resolve("lock"))).isTrue();
    } finally {
      lock.unref();
    }
  }

  /** Holds the lock as {@code first}, lets a thread queue as {@code second}, and says what it was told. */
  private boolean unbrokenSeenByAWaiter(ProcessLock lock, Object first, Object second) throws Exception {
    AtomicBoolean unbroken = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Thread waiter;
    try (ProcessLock.Held held = lock.acquire(dir, TIMEOUT, first)) {
      waiter = new Thread(() -> {
        try (ProcessLock.Held h = lock.acquire(dir, TIMEOUT, second)) {
          unbroken.set(lock.unbrokenFor(second));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          done.countDown();
        }
      });
      waiter.start();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!lock.threadsWaiting() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(lock.threadsWaiting()).isTrue();
    }
    done.await();
    waiter.join();
    return unbroken.get();
  }

  /**
   * Whether no lock of this JVM is on {@code file}: a second channel's tryLock throws when this JVM
   * holds it. Closing that channel drops this JVM's locks on the file, so call it only when none is held.
   */
  private static boolean osLockIsFree(Path file) throws Exception {
    try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock probe = other.tryLock();
      probe.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false;
    }
  }
}
