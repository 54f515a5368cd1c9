package dev.steward.reconcile;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.leader.NotLeaderException;
import dev.steward.StateStore;
import dev.steward.Lifecycle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the actions of a pass, each through the {@link Kind} that planned it, on a bounded
 * pool. Actions on one resource run one after the other in plan order, others at once; one failing
 * does not stop the others.
 *
 * <p>A failure is the loop's to record, whatever the kind: it is counted in the record's failure
 * bookkeeping, {@link RecordAttributes#NEXT_ATTEMPT_AT} is set from the {@link Backoff} (so a
 * restarted loop waits just as long), and the record moves to the kind's {@link Kind#failedState()}
 * when its lifecycle allows. Thread-safe; {@link #close} stops the pool.
 */
public final class Executor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Executor.class);

  private final StateStore store;
  private final Backoff backoff;
  private final Clock clock;
  private final ReconcileListener listener;
  private final ActionContext context;
  private final ExecutorService pool;

  /** @param parallelism how many actions may run at once */
  public Executor(StateStore store, Backoff backoff, Clock clock, ReconcileListener listener, int parallelism) {
    this.store = Objects.requireNonNull(store, "store");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.context = new ActionContext(store, clock, listener);
    if (parallelism < 1) {
      throw new IllegalArgumentException("Executor parallelism must be 1 or more, got " + parallelism);
    }
    AtomicInteger threads = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(parallelism, runnable -> {
      Thread thread = new Thread(runnable, "steward-executor-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The context kinds act with: this executor's store, clock and listeners. */
  public ActionContext context() {
    return context;
  }

  /**
   * Runs every action of {@code actions} through {@code kind}; returns one outcome per action, in
   * plan order.
   */
  public List<ActionOutcome> execute(Kind kind, List<Action> actions) {
    List<Assigned> assigned = new ArrayList<>(actions.size());
    actions.forEach(action -> assigned.add(new Assigned(kind, action)));
    return executeAll(assigned);
  }

  /** An action and the kind that planned it, which carries it out. */
  record Assigned(Kind kind, Action action) {
    Assigned {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(action, "action");
    }
  }

  List<ActionOutcome> executeAll(List<Assigned> actions) {
    Map<ResourceKey, List<Integer>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      byKey.computeIfAbsent(actions.get(i).action().target(), k -> new ArrayList<>()).add(i);
    }
    ActionOutcome[] outcomes = new ActionOutcome[actions.size()];
    List<Future<?>> running = new ArrayList<>();
    for (List<Integer> indexes : byKey.values()) {
      running.add(pool.submit(() -> {
        for (int i : indexes) {
          outcomes[i] = run(actions.get(i).kind(), actions.get(i).action());
        }
      }));
    }
    boolean interrupted = false;
    for (Future<?> future : running) {
      while (true) {
        try {
          future.get();
          break;
        } catch (InterruptedException e) {
          // Finish the pass: abandoning actions half way would only leave more to finish later.
          interrupted = true;
        } catch (ExecutionException e) {
          throw new IllegalStateException("An action runner failed outside its own error handling", e.getCause());
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return List.of(outcomes);
  }

  /** Runs one action through {@code kind} now, on the calling thread. */
  public ActionOutcome run(Kind kind, Action action) {
    ListenerLog.tell(() -> listener.actionStarted(action));
    long start = System.nanoTime();
    ActionOutcome outcome;
    try {
      String detail = action.type() == ActionType.SURVEY ? "nothing to change" : kind.act(action, context);
      outcome = new ActionOutcome(action, ActionOutcome.Result.DONE, detail, Optional.empty(), since(start));
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof NotLeaderException) {
        // Not this instance's to record: the store refuses every write of an instance that no
        // longer leads, and the new leader sees the node as it is.
        log.warn("{} of {} stopped: {}", action.type(), action.target(), message);
      } else {
        recordFailure(kind, action, e.getClass().getSimpleName(), message);
      }
      outcome = new ActionOutcome(action, ActionOutcome.Result.FAILED, message,
          Optional.of(e.getClass().getSimpleName()), since(start));
      log.warn("{} of {} failed: {}", action.type(), action.target(), message);
    }
    ActionOutcome done = outcome;
    ListenerLog.tell(() -> listener.actionFinished(done));
    return done;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  private void recordFailure(Kind kind, Action action, String type, String message) {
    ResourceKey key = action.target();
    try {
      Optional<ResourceRecord> found = store.find(key);
      if (found.isEmpty() || action.type() == ActionType.SURVEY) {
        return;
      }
      Lifecycle lifecycle = kind.lifecycle();
      if (lifecycle.isTerminal(found.get().state())) {
        // Gone for good (a removed node, say): nothing is retried, so nothing is counted.
        return;
      }
      ResourceRecord record = store.recordFailure(key, type, message);
      Instant next = clock.instant().plus(backoff.delayAfter(record.failures().attempts()));
      store.updateAttributes(key, Map.of(RecordAttributes.NEXT_ATTEMPT_AT, next.toString()));
      Optional<String> failed = kind.failedState();
      if (failed.isPresent() && lifecycle.allows(record.state(), failed.get())) {
        context.move(store.get(key), failed.get(), message);
      }
    } catch (RuntimeException e) {
      log.error("Could not record the failure of {} on {}: {}", action.type(), key, e.getMessage(), e);
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
