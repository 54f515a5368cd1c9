package dev.steward.leader;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaigns for one {@link LeaderElection} on a thread of its own: every third of the lease while
 * it leads, so a renewal or two may fail before the lease can run out, and as often while it
 * follows, so it takes over soon after a leader is gone. It tells its {@link Listener} when this
 * candidate is elected and when it stops leading, whatever the cause (a refused renewal, an
 * unreachable record, a lease that ran out while the process was paused). {@link #close} resigns,
 * so a clean stop hands over at once. Thread-safe.
 */
public final class LeaderKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderKeeper.class);

  /** Told of changes of leadership, on the keeper's thread. */
  public interface Listener {
    /** This candidate leads from now, with {@code fence}. */
    default void elected(Fence fence) {}

    /** This candidate no longer leads; {@code why} says why in words. */
    default void deposed(String why) {}

    /** A campaign ended; {@code view} is what it found (called after every round that reached the election). */
    default void campaigned(LeaderView view) {}

    /** A campaign could not reach the election; {@code why} says why in words. */
    default void failed(String why) {}
  }

  private final LeaderElection election;
  private final Listener listener;
  private final Duration every;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Thread thread;
  private boolean stopping;
  private boolean requested;
  private volatile Optional<Fence> held = Optional.empty();
  private volatile Optional<String> lastError = Optional.empty();

  private LeaderKeeper(LeaderElection election, Listener listener) {
    this.election = Objects.requireNonNull(election, "election");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.every = election.leaseTime().dividedBy(3);
    this.thread = new Thread(this::loop, "steward-leader-" + election.name());
    this.thread.setDaemon(true);
  }

  /** Starts campaigning at once. */
  public static LeaderKeeper start(LeaderElection election, Listener listener) {
    LeaderKeeper keeper = new LeaderKeeper(election, listener);
    keeper.thread.start();
    return keeper;
  }

  public LeaderElection election() {
    return election;
  }

  /** Why the last campaign failed, while it is the latest news; empty after a campaign that worked. */
  public Optional<String> lastError() {
    return lastError;
  }

  /** Campaigns now instead of at the next round's time. */
  public void campaignNow() {
    lock.lock();
    try {
      requested = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Stops campaigning and resigns, so another candidate may take over at once. */
  @Override
  public void close() {
    lock.lock();
    try {
      stopping = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(every.plusSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      election.resign();
    } catch (RuntimeException e) {
      log.warn("Could not resign from '{}': {}; the others take over when the lease runs out", election.name(),
          e.getMessage());
    }
    notice(Optional.empty(), "this instance stopped and resigned");
  }

  private void loop() {
    while (true) {
      try {
        LeaderView view = election.campaign();
        lastError = Optional.empty();
        notice(election.fence(), view.lease().map(l -> "term " + l.term() + " is held by " + l.holder())
            .orElse("the lease ran out"));
        listener.campaigned(view);
      } catch (RuntimeException e) {
        lastError = Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        log.warn("Campaign for '{}' failed: {}", election.name(), lastError.get());
        notice(election.fence(), "the election could not be reached: " + lastError.get());
        String why = lastError.get();
        tell(() -> listener.failed(why));
      }
      lock.lock();
      try {
        long deadline = System.nanoTime() + every.toNanos();
        while (!stopping && !requested && deadline - System.nanoTime() > 0) {
          // A lease that runs out between rounds (a paused process, a renewal that failed) is
          // noticed on time: look every 200 ms whether the fence has ended.
          wake.awaitNanos(Math.min(deadline - System.nanoTime(), Duration.ofMillis(200).toNanos()));
          if (held.isPresent() && election.fence().isEmpty()) {
            break;
          }
        }
        requested = false;
        if (stopping) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /** Tells the listener when leadership began or ended since the last notice. */
  private void notice(Optional<Fence> now, String whyNotLeading) {
    Optional<Fence> before;
    synchronized (this) {
      before = held;
      held = now;
    }
    if (now.isPresent() && !now.equals(before)) {
      log.info("This instance ({}) leads '{}' with term {}", election.candidate(), election.name(), now.get().term());
      tell(() -> listener.elected(now.get()));
    } else if (now.isEmpty() && before.isPresent()) {
      log.warn("This instance ({}) no longer leads '{}': {}", election.candidate(), election.name(), whyNotLeading);
      tell(() -> listener.deposed(whyNotLeading));
    }
  }

  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.error("A leadership listener failed: {}", e.getMessage(), e);
    }
  }
}
