package dev.steward.internal.store.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceKey;
import dev.steward.StewardException;
import dev.steward.store.StoreWriteException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: commits are combined into rounds. One thread at a time leads a round, which applies
 * every commit waiting at that moment under one hold of the process lock, writes their lines with
 * one write, forces them with one fsync outside the lock, and only then wakes their threads; the
 * others park until then. So a busy store passes neither its lock nor its turn from thread to
 * thread for every commit.
 *
 * <p>Thread-safe. This class alone owns its monitor and the state of the rounds (who leads, who
 * waits, who gathers); memory and the journal are changed only under the process lock. Waiting
 * threads park with the store's {@link StateDirectory} as their blocker, which is what a thread
 * dump shows and what tests look for.
 */
final class GroupCommit {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  private final StoreMemory memory;
  private final Recovery recovery;
  private final Clock clock;
  private final Object blocker;
  /** Runs after a round whose journal grew past the point where compaction is due. */
  private final Runnable afterRound;

  private final Object monitor = new Object();
  /** Commits waiting for a round, in the order they came; guarded by monitor. */
  private List<Request> pending = new ArrayList<>();
  /** True while a thread leads a round; the next one is handed the lead by the current leader. Guarded by monitor. */
  private boolean leading;
  /** The leader while it waits for the writers of its round, and how many it waits for; guarded by monitor. */
  private Thread gathering;
  private int gatherTarget;
  /** How long the last fsync took, in nanoseconds: the longest a leader waits for stragglers. */
  private volatile long lastForceNanos = 100_000;
  /** How many commits the last round carried: the writers that are active. */
  private volatile int lastBatch = 1;

  GroupCommit(StoreMemory memory, Recovery recovery, Clock clock, Object blocker, Runnable afterRound) {
    this.memory = memory;
    this.recovery = recovery;
    this.clock = clock;
    this.blocker = blocker;
    this.afterRound = afterRound;
  }

  /**
   * One commit on its way through a round: its change (null for a delete), then its outcome. Each
   * request is woken once: when its round is over, or when it is to lead the next round. Outcome
   * fields are written by the leader before {@code state} and read by the caller after it.
   */
  static final class Request {
    static final int WAITING = 0;
    static final int DONE = 1;
    static final int LEAD = 2;

    final ResourceKey key;
    final StateDirectory.Change change;
    final Thread thread = Thread.currentThread();
    volatile int state = WAITING;
    StoredEntry result;
    boolean deleted;
    RuntimeException failure;
    /** Whether this request wrote a line in its round, and so waits for that round's fsync. */
    boolean wrote;

    Request(ResourceKey key, StateDirectory.Change change) {
      this.key = key;
      this.change = change;
    }
  }

  /**
   * Commits {@code request} and returns once it is on disk, or throws what became of it. Commits
   * are combined: one thread at a time leads a round, which applies every commit waiting at that
   * moment under one hold of the lock, writes their lines with one write, forces them with one
   * fsync, and only then wakes their threads. The others park until then, and so a busy store
   * passes neither its lock nor its turn from thread to thread for every commit. A round's leader
   * hands the lead to the first commit that came while its round ran.
   */
  void submit(Request request) {
    // An interrupted thread's FileChannel.write or force closes the channel for everyone: the
    // interrupt is kept for the caller, but not while this thread may lead a round.
    boolean interrupted = Thread.interrupted();
    boolean lead = enqueue(List.of(request));
    try {
      if (!lead) {
        while (request.state == Request.WAITING) {
          LockSupport.park(blocker);
          interrupted |= Thread.interrupted();
        }
      }
      if (request.state != Request.DONE) {
        lead();
        interrupted |= Thread.interrupted();
      }
      if (request.state != Request.DONE) {
        throw new IllegalStateException("a commit led a round that did not carry it"); // cannot happen
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (request.failure != null) {
      throw request.failure;
    }
  }

  /** Adds commits to the next round; true when no round runs, so the caller leads one. */
  private boolean enqueue(List<Request> requests) {
    synchronized (monitor) {
      pending.addAll(requests);
      boolean lead = !leading;
      leading = true;
      if (gathering != null && pending.size() >= gatherTarget) {
        LockSupport.unpark(gathering);
      }
      return lead;
    }
  }

  /**
   * Commits {@code requests}, all from the calling thread, in one round where the lock allows it
   * (one write, one fsync), and returns once they are on disk. Each request's outcome is in it; the
   * first failure is thrown after every request settled.
   */
  void submitAll(List<Request> requests) {
    if (requests.isEmpty()) {
      return;
    }
    boolean interrupted = Thread.interrupted();
    boolean lead = enqueue(requests);
    try {
      if (lead) {
        lead();
      }
      while (true) {
        boolean done = true;
        boolean toLead = false;
        for (Request r : requests) {
          done &= r.state == Request.DONE;
          toLead |= r.state == Request.LEAD;
        }
        if (done) {
          break;
        }
        if (toLead) {
          lead();
        } else {
          LockSupport.park(blocker);
          interrupted |= Thread.interrupted();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    for (Request r : requests) {
      if (r.failure != null) {
        throw r.failure;
      }
    }
  }

  /**
   * A leader's round: applies the waiting commits, writes and forces their lines, wakes them, and
   * passes the lead on; then a compaction follows if one is due.
   */
  private void lead() {
    List<Request> batch = List.of();
    boolean compact = false;
    try {
      gather();
      synchronized (monitor) {
        batch = pending;
        pending = new ArrayList<>();
      }
      lastBatch = batch.size();
      FileChannel written = applyAndWrite(batch);
      if (written != null) {
        force(written, batch);
        compact = memory.compactionDue();
      }
    } catch (RuntimeException | Error e) {
      markReload();
      for (Request r : batch) {
        if (r.state == Request.WAITING && r.failure == null) {
          r.failure = e instanceof RuntimeException re ? re : new StewardException("A commit failed: " + e, e);
        }
      }
      throw e;
    } finally {
      settle(batch);
      passLead();
    }
    if (compact) {
      afterRound.run();
    }
  }

  /**
   * Lets the writers of this round join it. Writers woken by the last round are busy with their
   * next commit when the new leader takes over; without a wait they miss this round and the
   * batches halve. The leader waits until as many commits wait as the last round carried (the
   * writers that are active), woken by the one that completes the count, for at most as long as an
   * fsync takes (capped at 1 ms). A lone writer had a round of one, so it never waits.
   */
  private void gather() {
    int expected = lastBatch;
    if (expected <= 1) {
      return;
    }
    long deadline = System.nanoTime() + Math.min(lastForceNanos, 1_000_000L);
    synchronized (monitor) {
      gathering = Thread.currentThread();
      gatherTarget = expected;
    }
    try {
      while (true) {
        synchronized (monitor) {
          if (pending.size() >= expected) {
            return;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        LockSupport.parkNanos(blocker, left);
      }
    } finally {
      synchronized (monitor) {
        gathering = null;
      }
    }
  }

  /**
   * Applies the round's commits in order under the lock (each sees the ones before it) and writes
   * their lines with one write. Returns the memory.journal they were written to, or null when no commit
   * changed anything. A commit whose change throws fails alone; when the write fails, every commit
   * that had a line fails, and memory is read again from the disk before the next operation.
   */
  private FileChannel applyAndWrite(List<Request> batch) {
    try (ProcessLock.Held held = memory.acquire()) {
      // No round is forcing now (rounds run one at a time), so replaced journals can be closed.
      memory.closeRetired();
      recovery.refresh();
      byte[] first = null; // a round of one line (a lone writer) writes it without a copy
      ByteArrayOutputStream lines = null;
      for (Request r : batch) {
        byte[] line;
        try {
          line = applyOne(r);
        } catch (RuntimeException e) {
          r.failure = e;
          continue;
        }
        if (line != null) {
          if (first == null) {
            first = line;
          } else {
            if (lines == null) {
              lines = new ByteArrayOutputStream(first.length * batch.size() + 64);
              lines.writeBytes(first);
            }
            lines.writeBytes(line);
          }
          r.wrote = true;
        }
      }
      if (first == null) {
        return null;
      }
      try {
        memory.append(lines == null ? first : lines.toByteArray());
      } catch (StoreWriteException e) {
        for (Request r : batch) {
          if (r.wrote) {
            r.failure = e;
          }
        }
        return null;
      }
      return memory.journal;
    } catch (IOException e) {
      StewardException failure = new StewardException("Cannot read the state directory " + memory.path + ": " + StoreFiles.describe(e), e);
      batch.forEach(r -> r.failure = r.failure == null ? failure : r.failure);
      return null;
    } catch (RuntimeException e) {
      // The lock could not be taken (held by another process too long, or the store is closed).
      batch.forEach(r -> r.failure = r.failure == null ? e : r.failure);
      return null;
    }
  }

  /** Applies one commit to memory; returns its memory.journal line, or null when it changes nothing. */
  private byte[] applyOne(Request r) {
    StoredEntry current = memory.entries.get(r.key);
    if (r.change == null) {
      if (current == null) {
        r.deleted = false;
        return null;
      }
      return deleteLine(r);
    }
    StoredEntry next = r.change.apply(current, clock.instant());
    r.result = next;
    if (next == current) {
      return null;
    }
    if (next == null) { // the change deletes the record
      return deleteLine(r);
    }
    byte[] line = Journal.putLine(memory.serial + 1, r.key.toString(),
        RecordCodec.encodeBytes(new RecordCodec.Entry(next.record(), next.history(), next.changes())));
    memory.serial++;
    memory.entries.put(r.key, next);
    return line;
  }

  /** Removes the record of {@code r} from memory; returns the journal line that says so. */
  private byte[] deleteLine(Request r) {
    ObjectNode body = StateDocument.MAPPER.createObjectNode();
    body.put("serial", memory.serial + 1);
    body.put("op", "delete");
    body.put("key", r.key.toString());
    byte[] line = Journal.line(body);
    memory.serial++;
    memory.entries.remove(r.key);
    r.deleted = true;
    return line;
  }

  /**
   * Forces the round's lines to disk, outside the lock so readers need not wait for the disk. When
   * that fails, the commits that wrote lines learn that their change may or may not be on disk.
   */
  private void force(FileChannel channel, List<Request> batch) {
    try {
      long started = System.nanoTime();
      memory.files.ops.force(channel);
      lastForceNanos = System.nanoTime() - started;
    } catch (IOException e) {
      markReload(); // before the commits hear of the failure, so their next operation re-reads
      StoreWriteException failure = new StoreWriteException("Could not force " + memory.files.journal() + " to disk: "
          + StoreFiles.describe(e) + ". The change may or may not have reached the disk; the store re-reads the directory before"
          + " its next operation.", e);
      for (Request r : batch) {
        if (r.wrote) {
          r.failure = failure;
        }
      }
    }
  }

  /** Wakes every commit of the round: its outcome is set. */
  private void settle(List<Request> batch) {
    Thread self = Thread.currentThread();
    for (Request r : batch) {
      r.state = Request.DONE;
      if (r.thread != self) {
        LockSupport.unpark(r.thread);
      }
    }
  }

  /** Ends a leader's round: the first commit that came meanwhile leads the next one, or no one does. */
  private void passLead() {
    Request next = null;
    synchronized (monitor) {
      if (pending.isEmpty()) {
        leading = false;
      } else {
        next = pending.get(0);
        next.state = Request.LEAD;
      }
    }
    if (next != null) {
      LockSupport.unpark(next.thread);
    }
  }

  private void markReload() {
    try (ProcessLock.Held held = memory.acquire()) {
      memory.reloadNeeded = true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not mark {} for reload", memory.path, e);
    }
  }
}
