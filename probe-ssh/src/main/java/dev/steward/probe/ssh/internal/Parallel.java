package dev.steward.probe.ssh.internal;

import dev.steward.StewardException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Applies a function to every item on at most {@code concurrency} daemon threads of its own and
 * waits for all of them. The function is expected to catch what one item can throw (a host's
 * failure is a result, not an exception); anything it still throws is a bug and is rethrown.
 */
public final class Parallel {
  private Parallel() {}

  /**
   * @return the results in the order of {@code items}
   * @throws StewardException when interrupted; the items still running are abandoned
   */
  public static <T, R> List<R> map(List<T> items, int concurrency, String threadName, Function<T, R> function) {
    if (items.isEmpty()) {
      return List.of();
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(Math.min(concurrency, items.size()), r -> {
      Thread t = new Thread(r, threadName + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(workers.submit(() -> function.apply(item)));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StewardException("Interrupted while working on " + items.size() + " hosts; the ones still running were abandoned", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(threadName + " failed on an item", e.getCause());
    } finally {
      workers.shutdownNow();
    }
  }
}
