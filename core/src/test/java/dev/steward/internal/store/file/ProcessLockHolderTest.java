package dev.steward.internal.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import dev.steward.store.StoreLockedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer that gives up waiting for the lock is told who holds it: another process, or a thread of its own. */
class ProcessLockHolderTest {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final long SELF = ProcessHandle.current().pid();

  @TempDir
  Path temp;

  private Path dir;
  private FileStateStore store;
  private Process child;

  @BeforeEach
  void openStore() {
    dir = temp.resolve("state").toAbsolutePath();
    store = FileStateStore.open(Settings.builder()
        .set(FileStoreSettings.DIRECTORY, dir)
        .set(FileStoreSettings.LOCK_TIMEOUT, SHORT)
        .build());
    store.create(ResourceKey.local("node", "web-1"), "node", Optional.empty(), "test");
  }

  @AfterEach
  void cleanUp() {
    if (child != null) {
      child.destroyForcibly();
    }
    store.close();
  }

  @Test
  @DisplayName("a store that takes the lock again learns whether another process held it in between")
  void tellsWhetherAnotherProcessHeldTheLockInBetween() throws Exception {
    ProcessLock lock = ProcessLock.of(dir.resolve(StateDirectory.LOCK));
    Object user = new Object();
    try {
      try (ProcessLock.Held held = lock.acquire(dir, Duration.ofMinutes(1), user)) {
        assertThat(lock.unbrokenFor(user)).as("first holding").isFalse();
      }
      try (ProcessLock.Held held = lock.acquire(dir, Duration.ofMinutes(1), user)) {
        assertThat(lock.unbrokenFor(user)).as("no one else held it").isTrue();
      }
      startChildHoldingTheLock();
      releaseChild();
      try (ProcessLock.Held held = lock.acquire(dir, Duration.ofMinutes(1), user)) {
        assertThat(lock.unbrokenFor(user)).as("another process held it in between").isFalse();
      }
      try (ProcessLock.Held held = lock.acquire(dir, Duration.ofMinutes(1), user)) {
        assertThat(lock.unbrokenFor(user)).as("and after that no one else").isTrue();
      }
    } finally {
      lock.unref();
    }
  }

  @Test
  @DisplayName("names the pid of another process that holds the lock")
  void namesTheOtherProcess() throws Exception {
    long childPid = startChildHoldingTheLock();

    assertThatThrownBy(() -> store.list()).isInstanceOfSatisfying(StoreLockedException.class, e -> {
      assertThat(e.holderPid()).hasValue(childPid);
      assertThat(e.getMessage()).contains(" is locked by process " + childPid + ";").doesNotContain("thread");
    });
    releaseChild();
    assertThat(store.list()).hasSize(1);
  }

  @Test
  @DisplayName("says that another thread of this process holds the lock, not that this process is another one")
  void namesAnotherThreadOfThisProcess() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      try {
        ProcessLock lock = ProcessLock.of(dir.resolve(StateDirectory.LOCK));
        try (ProcessLock.Held h = lock.acquire(dir, Duration.ofMinutes(1))) {
          held.countDown();
          release.await(1, TimeUnit.MINUTES);
        } finally {
          lock.unref();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "lock-holder");
    holder.start();
    try {
      assertThat(held.await(1, TimeUnit.MINUTES)).as("the other thread took the lock").isTrue();

      assertThatThrownBy(() -> store.list()).isInstanceOfSatisfying(StoreLockedException.class, e -> {
        assertThat(e.holderPid()).hasValue(SELF);
        assertThat(e.getMessage()).contains(" is locked by another thread of this process (pid " + SELF + ");");
      });
    } finally {
      release.countDown();
      holder.join(TimeUnit.MINUTES.toMillis(1));
    }
    assertThat(holder.isAlive()).isFalse();
    assertThat(store.list()).hasSize(1);
  }

  @Test
  @DisplayName("names the other process when the thread of this process ahead in line is itself waiting for it")
  void namesTheOtherProcessAThreadOfThisProcessWaitsFor() throws Exception {
    long childPid = startChildHoldingTheLock();
    ProcessLock lock = ProcessLock.of(dir.resolve(StateDirectory.LOCK));
    CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
      try (ProcessLock.Held h = lock.acquire(dir, Duration.ofMinutes(1))) {
        // got it once the child let go
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!lock.awaitingOtherProcess()) {
        assertThat(System.nanoTime()).as("the waiting thread reached the OS lock in time").isLessThan(deadline);
        Thread.onSpinWait();
      }

      assertThatThrownBy(() -> store.list()).isInstanceOfSatisfying(StoreLockedException.class, e -> {
        assertThat(e.holderPid()).hasValue(childPid);
        assertThat(e.getMessage()).contains(" is locked by process " + childPid
            + " (another thread of this process, pid " + SELF + ", is waiting for it too);");
      });
      releaseChild();
      waiter.get(1, TimeUnit.MINUTES);
    } finally {
      lock.unref();
    }
    assertThat(store.list()).hasSize(1);
  }

  /** Starts {@link LockHolder} on the directory and returns its pid once it printed that it holds the lock. */
  private long startChildHoldingTheLock() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path errors = temp.resolve("child.err");
    child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
        .redirectError(errors.toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String first = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).get(1, TimeUnit.MINUTES);
    assertThat(first).as("first line of the child; its standard error:%n%s", Files.readString(errors)).isEqualTo("locked");
    return child.pid();
  }

  private void releaseChild() throws Exception {
    child.getOutputStream().close();
    assertThat(child.waitFor(1, TimeUnit.MINUTES)).as("the child exited after its standard input closed").isTrue();
    assertThat(child.exitValue()).isZero();
  }
}
