package dev.steward.bench;

import dev.steward.ResourceKey;
import dev.steward.NodeLifecycle;
import dev.steward.store.FileStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fleet of {@code node} records in a file store, and the writers that commit to it. Writers own
 * disjoint sets of records (record {@code i} belongs to writer {@code i % writers}), so each knows
 * the state of its records without reading them. Not thread-safe across runs: one run at a time.
 */
final class Fleet {
  private final FileStateStore store;
  private final ResourceKey[] keys;
  /** Whether record i is UPGRADING (else RUNNING); each index is touched by one writer at a time. */
  private final boolean[] upgrading;

  Fleet(FileStateStore store, int size) {
    this.store = store;
    this.keys = new ResourceKey[size];
    for (int i = 0; i < size; i++) {
      keys[i] = ResourceKey.of("node", String.format("node-%06d", i), String.format("host-%04d.bench", i / 64));
    }
    this.upgrading = new boolean[size];
  }

  int size() {
    return keys.length;
  }

  /**
   * Creates every record and brings it to RUNNING as a deployment would: create, three transitions
   * and an attribute update, each a durable commit, from {@code threads} threads at once.
   */
  void populate(int threads) throws InterruptedException {
    parallel(threads, (writer, count) -> {
      for (int i = writer; i < keys.length; i += count) {
        ResourceKey key = keys[i];
        store.create(key, NodeLifecycle.LIFECYCLE.name(), Optional.empty(), "planned by benchmark");
        store.transition(key, NodeLifecycle.CREATING, "creating");
        store.updateAttributes(key, Map.of("address", "10.0." + (i / 250) % 250 + "." + i % 250,
            "version", "1.4.2", "image", "registry.example/node:1.4.2"));
        store.transition(key, NodeLifecycle.STARTING, "starting");
        store.transition(key, NodeLifecycle.RUNNING, "started");
      }
    });
  }

  /**
   * One writer per thread committing RUNNING/UPGRADING transitions (with an attribute update every
   * fourth commit) round-robin over its records until {@code duration} has passed.
   *
   * @return commits per second over all threads
   */
  double write(int threads, Duration duration, List<Latencies> latenciesOut) throws InterruptedException {
    List<Latencies> perThread = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      perThread.add(new Latencies());
    }
    long[] start = new long[1];
    long deadline = System.nanoTime() + duration.toNanos();
    start[0] = System.nanoTime();
    parallel(threads, (writer, count) -> {
      Latencies latencies = perThread.get(writer);
      int i = writer;
      long step = 0;
      long before = System.nanoTime();
      while (before < deadline) {
        commit(i, step++);
        long after = System.nanoTime();
        latencies.add(after - before);
        before = after;
        i += count;
        if (i >= keys.length) {
          i = writer;
        }
      }
    });
    double seconds = (System.nanoTime() - start[0]) / 1e9;
    latenciesOut.addAll(perThread);
    long commits = perThread.stream().mapToLong(Latencies::count).sum();
    return commits / seconds;
  }

  private void commit(int i, long step) {
    ResourceKey key = keys[i];
    if (step % 4 == 3) {
      store.updateAttributes(key, Map.of("heartbeat", Long.toString(step)));
      return;
    }
    if (upgrading[i]) {
      store.transition(key, NodeLifecycle.RUNNING, "upgraded");
    } else {
      store.transition(key, NodeLifecycle.UPGRADING, "upgrading to 1.4." + (3 + step % 7));
    }
    upgrading[i] = !upgrading[i];
  }

  @FunctionalInterface
  private interface WriterBody {
    void run(int writer, int count) throws Exception;
  }

  /** Runs {@code body} on {@code threads} threads started together; rethrows the first failure. */
  private static void parallel(int threads, WriterBody body) throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int writer = t;
      Thread thread = new Thread(() -> {
        try {
          go.await();
          body.run(writer, threads);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "bench-writer-" + t);
      thread.start();
      started.add(thread);
    }
    go.countDown();
    for (Thread thread : started) {
      thread.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a writer failed: " + failure.get(), failure.get());
    }
  }
}
