package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.internal.store.file.FileOps;
import dev.steward.testsupport.Poll;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: commits of many threads are combined into rounds that share one write and one
 * fsync, a commit is acknowledged only once the fsync of its round returned, and each waiting
 * commit is woken for its own outcome (or to lead the next round), interrupted or not.
 */
class FileStateStoreGroupCommitTest {
  private static final long DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(1);

  @TempDir
  Path dir;

  /** The real I/O steps, with forces counted and, while {@code hold} is set, held back. */
  private static final class GatedOps extends RealOps {
    final AtomicInteger forces = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger forcesStarted = new AtomicInteger();
    volatile CountDownLatch hold = new CountDownLatch(0);
    /** The next fsync reaches the disk but reports a failure (as after a write-back error). */
    volatile boolean failNextForce;

    @Override
    public void write(FileChannel channel, ByteBuffer data, long position) throws IOException {
      FileOps.DURABLE.write(channel, data, position);
      writes.incrementAndGet();
    }

    @Override
    public void force(FileChannel channel) throws IOException {
      forcesStarted.incrementAndGet();
      try {
        assertThat(hold.await(1, TimeUnit.MINUTES)).as("the test let the fsync go").isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      boolean fail = failNextForce;
      FileOps.DURABLE.force(channel);
      forces.incrementAndGet();
      if (fail) {
        failNextForce = false;
        throw new IOException("injected fsync failure");
      }
    }
  }

  @Test
  @DisplayName("every commit acknowledged to any of 8 threads is in the store after a reopen")
  void everyAcknowledgedCommitOfManyThreadsSurvivesAReopen() throws Exception {
    int threads = 8;
    int perThread = 150;
    GatedOps ops = new GatedOps();
    List<List<String>> acknowledged = new ArrayList<>();
    try (FileStateStore store = StoreTestSupport.open(dir, StoreTestSupport.NEVER_COMPACT, ops)) {
      for (int t = 0; t < threads; t++) {
        store.create(key(t), "node", Optional.empty(), "test");
        acknowledged.add(new ArrayList<>());
      }
      int forcesBefore = ops.forces.get();
      runTogether(threads, t -> {
        for (int i = 0; i < perThread; i++) {
          ResourceRecord r = store.updateAttributes(key(t), Map.of("step", Integer.toString(i)));
          acknowledged.get(t).add(r.attributes().get("step"));
        }
      });
      int forces = ops.forces.get() - forcesBefore;
      assertThat(forces).as("fsyncs for %d commits", threads * perThread).isBetween(1, threads * perThread);
    }
    try (FileStateStore reopened = StoreTestSupport.open(dir)) {
      for (int t = 0; t < threads; t++) {
        assertThat(acknowledged.get(t)).hasSize(perThread);
        assertThat(reopened.find(key(t)).orElseThrow().attributes())
            .containsEntry("step", acknowledged.get(t).get(perThread - 1));
      }
      assertThat(reopened.verify().problems()).isEmpty();
    }
  }

  @Test
  @DisplayName("commits made while an fsync runs share the next round, one write and one fsync, which one of them leads at once")
  void commitsQueuedBehindAnFsyncShareOneFsync() throws Exception {
    int threads = 8;
    GatedOps ops = new GatedOps();
    try (FileStateStore store = StoreTestSupport.open(dir, StoreTestSupport.NEVER_COMPACT, ops)) {
      for (int t = 0; t < threads; t++) {
        store.create(key(t), "node", Optional.empty(), "test");
      }
      int forcesBefore = ops.forces.get();
      int writesBefore = ops.writes.get();
      ops.hold = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> started = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int n = t;
        Thread thread = new Thread(() -> {
          try {
            store.updateAttributes(key(n), Map.of("wave", "1"));
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        thread.start();
        started.add(thread);
      }
      // One thread's round is held in its fsync; every other commit waits for the next round.
      awaitTrue(() -> ops.forcesStarted.get() > forcesBefore && parkedInTheStore(started) == threads - 1);
      assertThat(ops.writes.get() - writesBefore).as("only the held round has written").isEqualTo(1);
      ops.hold.countDown();
      for (Thread thread : started) {
        thread.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(thread.isAlive()).isFalse();
      }
      assertThat(failure.get()).isNull();
      assertThat(ops.forces.get() - forcesBefore).as("the held fsync, then one for the rest").isEqualTo(2);
      assertThat(ops.writes.get() - writesBefore).as("the held round's line, then one write for the rest").isEqualTo(2);
    }
    try (FileStateStore reopened = StoreTestSupport.open(dir)) {
      for (int t = 0; t < threads; t++) {
        assertThat(reopened.find(key(t)).orElseThrow().attributes()).containsEntry("wave", "1");
      }
    }
  }

  @Test
  @DisplayName("in one round, a change that is refused fails alone, and commits of one record see each other")
  void aRoundAppliesEachCommitOnItsOwn() throws Exception {
    GatedOps ops = new GatedOps();
    try (FileStateStore store = StoreTestSupport.open(dir, StoreTestSupport.NEVER_COMPACT, ops)) {
      store.create(key(0), "node", Optional.empty(), "test");
      store.create(key(1), "node", Optional.empty(), "test");
      ops.hold = new CountDownLatch(1);
      int forcesBefore = ops.forcesStarted.get();
      int writesBefore = ops.writes.get();
      Map<String, Object> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
      List<Thread> started = new ArrayList<>();
      // The first commit's round is held in its fsync; the next three queue for one round.
      started.add(start(outcomes, "held", () -> store.updateAttributes(key(0), Map.of("held", "yes"))));
      awaitTrue(() -> ops.forcesStarted.get() > forcesBefore);
      started.add(start(outcomes, "refused", () -> store.transition(key(1), "RUNNING", "skips CREATING and STARTING")));
      started.add(start(outcomes, "first", () -> store.updateAttributes(key(1), Map.of("a", "1"))));
      started.add(start(outcomes, "second", () -> store.updateAttributes(key(1), Map.of("b", "2"))));
      awaitTrue(() -> parkedInTheStore(started) == 3);
      ops.hold.countDown();
      for (Thread thread : started) {
        thread.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(thread.isAlive()).isFalse();
      }
      assertThat(outcomes.get("refused")).isInstanceOf(dev.steward.IllegalTransitionException.class);
      assertThat(outcomes.get("held")).isInstanceOf(ResourceRecord.class);
      // Whichever of the two came second saw the first one's attribute.
      ResourceRecord first = (ResourceRecord) outcomes.get("first");
      ResourceRecord second = (ResourceRecord) outcomes.get("second");
      assertThat(List.of(first.attributes(), second.attributes())).contains(Map.of("a", "1", "b", "2"));
      assertThat(ops.writes.get() - writesBefore).as("the held round, then one write for the other three").isEqualTo(2);
      assertThat(store.find(key(1)).orElseThrow().state()).isEqualTo("PLANNED");
    }
    try (FileStateStore reopened = StoreTestSupport.open(dir)) {
      assertThat(reopened.find(key(1)).orElseThrow().attributes()).isEqualTo(Map.of("a", "1", "b", "2"));
      assertThat(reopened.find(key(0)).orElseThrow().attributes()).isEqualTo(Map.of("held", "yes"));
      assertThat(reopened.verify().problems()).isEmpty();
    }
  }

  /** Starts {@code body} on a thread of its own; its result, or what it throws, goes under {@code name}. */
  private static Thread start(Map<String, Object> outcomes, String name, java.util.concurrent.Callable<Object> body) {
    Thread thread = new Thread(() -> {
      try {
        outcomes.put(name, body.call());
      } catch (Throwable e) {
        outcomes.put(name, e);
      }
    });
    thread.start();
    return thread;
  }

  @Test
  @DisplayName("a commit interrupted while it waits for its fsync still completes, and keeps the interrupt for its caller")
  void anInterruptedWaiterStillCompletes() throws Exception {
    GatedOps ops = new GatedOps();
    try (FileStateStore store = StoreTestSupport.open(dir, StoreTestSupport.NEVER_COMPACT, ops)) {
      store.create(key(0), "node", Optional.empty(), "test");
      store.create(key(1), "node", Optional.empty(), "test");
      ops.hold = new CountDownLatch(1);
      int started = ops.forcesStarted.get();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread leader = new Thread(() -> {
        try {
          store.updateAttributes(key(0), Map.of("by", "leader"));
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      leader.start();
      awaitTrue(() -> ops.forcesStarted.get() > started);
      AtomicReference<ResourceRecord> result = new AtomicReference<>();
      AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
      Thread waiter = new Thread(() -> {
        try {
          result.set(store.updateAttributes(key(1), Map.of("by", "waiter")));
          interruptedAfter.set(Thread.currentThread().isInterrupted());
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      waiter.start();
      // Parked for the fsync the leader is held in (its blocker is the store's engine).
      awaitTrue(() -> waiter.getState() == Thread.State.WAITING && LockSupport.getBlocker(waiter) != null
          && LockSupport.getBlocker(waiter).getClass().getSimpleName().equals("StateDirectory"));
      waiter.interrupt();
      waiter.interrupt();
      ops.hold.countDown();
      leader.join(TimeUnit.MINUTES.toMillis(1));
      waiter.join(TimeUnit.MINUTES.toMillis(1));
      assertThat(failure.get()).as("%s", failure.get()).isNull();
      assertThat(result.get().attributes()).containsEntry("by", "waiter");
      assertThat(interruptedAfter.get()).as("the interrupt is kept for the caller").isTrue();
    }
    try (FileStateStore reopened = StoreTestSupport.open(dir)) {
      assertThat(reopened.find(key(1)).orElseThrow().attributes()).containsEntry("by", "waiter");
    }
  }

  @Test
  @DisplayName("when the fsync fails, every commit it covered fails, and the store commits again afterwards")
  void aFailedFsyncFailsEveryCommitItCovered() throws Exception {
    GatedOps ops = new GatedOps();
    int threads = 4;
    try (FileStateStore store = StoreTestSupport.open(dir, StoreTestSupport.NEVER_COMPACT, ops)) {
      for (int t = 0; t < threads; t++) {
        store.create(key(t), "node", Optional.empty(), "test");
      }
      ops.hold = new CountDownLatch(1);
      ops.failNextForce = true;
      int forcesBefore = ops.forcesStarted.get();
      List<Throwable> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Thread> started = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int n = t;
        Thread thread = new Thread(() -> {
          try {
            store.updateAttributes(key(n), Map.of("doomed", "maybe"));
            outcomes.add(null);
          } catch (Throwable e) {
            outcomes.add(e);
          }
        });
        thread.start();
        started.add(thread);
      }
      awaitTrue(() -> ops.forcesStarted.get() > forcesBefore && parkedInTheStore(started) == threads - 1);
      ops.hold.countDown();
      for (Thread thread : started) {
        thread.join(TimeUnit.MINUTES.toMillis(1));
      }
      assertThat(outcomes).hasSize(threads);
      assertThat(outcomes).filteredOn(e -> e != null).isNotEmpty()
          .allSatisfy(e -> assertThat(e).isInstanceOf(StoreWriteException.class).hasMessageContaining("injected fsync failure"));
      ResourceRecord after = store.updateAttributes(key(0), Map.of("after", "yes"));
      assertThat(after.attributes()).containsEntry("after", "yes");
    }
    try (FileStateStore reopened = StoreTestSupport.open(dir)) {
      assertThat(reopened.find(key(0)).orElseThrow().attributes()).containsEntry("after", "yes");
      assertThat(reopened.verify().problems()).isEmpty();
    }
  }

  /** How many of {@code threads} are parked waiting for a round of the store. */
  private static int parkedInTheStore(List<Thread> threads) {
    int parked = 0;
    for (Thread thread : threads) {
      Object blocker = LockSupport.getBlocker(thread);
      if (thread.getState() == Thread.State.WAITING && blocker != null
          && blocker.getClass().getSimpleName().equals("StateDirectory")) {
        parked++;
      }
    }
    return parked;
  }

  private static ResourceKey key(int n) {
    return ResourceKey.local("node", "web-" + n);
  }

  @FunctionalInterface
  private interface Body {
    void run(int thread) throws Exception;
  }

  private static void runTogether(int threads, Body body) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int n = t;
      Thread thread = new Thread(() -> {
        try {
          go.await();
          body.run(n);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      thread.start();
      started.add(thread);
    }
    go.countDown();
    for (Thread thread : started) {
      thread.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(thread.isAlive()).isFalse();
    }
    assertThat(failure.get()).isNull();
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) {
    Poll.within(Duration.ofNanos(DEADLINE_NANOS)).every(Duration.ofMillis(1)).await("the condition", condition);
  }
}
