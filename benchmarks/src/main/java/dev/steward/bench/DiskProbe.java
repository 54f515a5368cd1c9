package dev.steward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The physical limit of the disk under the benchmark: how many 4 KiB write + {@code force(false)}
 * (fdatasync, what the store's journal uses) pairs it completes per second, one after another.
 */
final class DiskProbe {
  static final int BLOCK = 4096;

  private DiskProbe() {}

  /** Rewrites the same 4 KiB block and forces it, for {@code duration}; returns forces per second. */
  static double overwriteRate(Path dir, Duration duration) {
    return run(dir.resolve("fsync-overwrite.bin"), duration, false);
  }

  /** Appends 4 KiB blocks and forces each (the file grows, so its size is forced too). */
  static double appendRate(Path dir, Duration duration) {
    return run(dir.resolve("fsync-append.bin"), duration, true);
  }

  private static double run(Path file, Duration duration, boolean append) {
    ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
    for (int i = 0; i < BLOCK; i++) {
      block.put(i, (byte) ('a' + i % 26));
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      // The block exists before timing starts, so "overwrite" measures data forces only.
      writeFully(channel, block, 0);
      channel.force(true);
      long position = append ? BLOCK : 0;
      long count = 0;
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      long now;
      do {
        writeFully(channel, block, position);
        channel.force(false);
        if (append) {
          position += BLOCK;
        }
        count++;
        now = System.nanoTime();
      } while (now < deadline);
      return count / ((now - start) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException("fsync probe on " + file, e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover probe file is harmless
      }
    }
  }

  /**
   * The ceiling for {@code threads} writers that each wait until their commit is on disk: every
   * writer hands a 300-byte record to a combined round, and one of them writes each round with one
   * write and forces it with one fdatasync into a preallocated file, then wakes the others. No
   * encoding, no lock, no state: what group commit can reach on this disk and these cores before
   * any store does any work. Returns commits per second.
   */
  static double groupCommitCeiling(Path dir, int threads, Duration duration) {
    Path file = dir.resolve("group-commit-ceiling.bin");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      Rounds rounds = new Rounds(channel, 300);
      rounds.preallocate(64L << 20);
      java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      java.util.List<Thread> writers = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread writer = new Thread(() -> {
          while (System.nanoTime() < deadline) {
            rounds.commit();
            commits.incrementAndGet();
          }
        }, "ceiling-writer-" + t);
        writer.start();
        writers.add(writer);
      }
      for (Thread writer : writers) {
        writer.join();
      }
      if (rounds.failure != null) {
        throw rounds.failure;
      }
      return commits.get() / ((System.nanoTime() - start) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException("group commit probe on " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover probe file is harmless
      }
    }
  }

  /** Combined rounds over one file: the smallest group commit there is. */
  private static final class Rounds {
    private final FileChannel channel;
    private final int recordBytes;
    private final Object monitor = new Object();
    private java.util.List<Ticket> waiting = new java.util.ArrayList<>();
    private boolean leading;
    private int lastRound = 1;
    private long position;
    private long allocated;
    volatile IOException failure;

    Rounds(FileChannel channel, int recordBytes) {
      this.channel = channel;
      this.recordBytes = recordBytes;
    }

    void preallocate(long bytes) throws IOException {
      ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
      for (long at = allocated; at < allocated + bytes; at += zeros.capacity()) {
        writeFully(channel, zeros, at);
      }
      allocated += bytes;
      channel.force(true);
    }

    /** One commit: its thread, and whether a round has forced it. */
    private static final class Ticket {
      final Thread thread = Thread.currentThread();
      volatile boolean done;
    }

    void commit() {
      Ticket ticket = new Ticket();
      boolean lead;
      synchronized (monitor) {
        waiting.add(ticket);
        lead = !leading;
        leading = true;
      }
      while (!lead) {
        java.util.concurrent.locks.LockSupport.park(this);
        if (ticket.done) {
          return;
        }
        synchronized (monitor) {
          if (!leading) {
            leading = true;
            lead = true;
          }
        }
      }
      // Wait, at most 200 µs, for as many writers as the last round had.
      long until = System.nanoTime() + 200_000;
      while (System.nanoTime() < until) {
        synchronized (monitor) {
          if (waiting.size() >= lastRound) {
            break;
          }
        }
        Thread.onSpinWait();
      }
      java.util.List<Ticket> round;
      synchronized (monitor) {
        round = waiting;
        waiting = new java.util.ArrayList<>();
      }
      try {
        if (position + (long) recordBytes * round.size() > allocated) {
          preallocate(64L << 20);
        }
        writeFully(channel, ByteBuffer.allocate(recordBytes * round.size()), position);
        position += (long) recordBytes * round.size();
        channel.force(false);
      } catch (IOException e) {
        failure = e;
      }
      lastRound = round.size();
      for (Ticket t : round) {
        t.done = true;
        if (t != ticket) {
          java.util.concurrent.locks.LockSupport.unpark(t.thread);
        }
      }
      Ticket next;
      synchronized (monitor) {
        leading = false;
        next = waiting.isEmpty() ? null : waiting.get(0);
      }
      if (next != null) {
        java.util.concurrent.locks.LockSupport.unpark(next.thread);
      }
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer block, long position) throws IOException {
    ByteBuffer view = block.duplicate().clear();
    long at = position;
    while (view.hasRemaining()) {
      at += channel.write(view, at);
    }
  }
}
