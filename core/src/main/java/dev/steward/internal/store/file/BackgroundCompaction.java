package dev.steward.internal.store.file;

import dev.steward.ResourceKey;
import dev.steward.internal.io.DurableWrite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background compaction: folds the journal into a new snapshot on a thread of its own while
 * commits go on, started by group commit once a round finds the journal large enough. At most one
 * runs at a time per store; close stops it at its next step and waits for it.
 *
 * <p>Thread-safe: its own monitor guards only which thread compacts; what it reads and installs is
 * taken under the process lock, and the long parts (encoding and writing the snapshot, copying the
 * journal) run outside it.
 */
final class BackgroundCompaction {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundCompaction.class);

  private final StoreMemory memory;
  private final Recovery recovery;
  private final Object monitor = new Object();
  /** The compaction under way, or null; guarded by monitor. */
  private Thread compactor;
  /** Set by close: a compaction stops at its next step. */
  private volatile boolean closing;

  BackgroundCompaction(StoreMemory memory, Recovery recovery) {
    this.memory = memory;
    this.recovery = recovery;
  }

  /** Stops a compaction under way at its next step, and starts none from now on. */
  void close() {
    closing = true;
    await();
  }

  /** Starts a compaction on a thread of its own, unless one is under way. */
  void start() {
    synchronized (monitor) {
      if (compactor != null || closing) {
        return;
      }
      compactor = new Thread(this::compactBeside, "steward-store-compact");
      compactor.setDaemon(true);
      compactor.start();
    }
  }

  /** Waits until no background compaction runs (one that is due may start again later). */
  void await() {
    Thread running;
    synchronized (monitor) {
      running = compactor;
    }
    if (running != null && running != Thread.currentThread()) {
      boolean interrupted = false;
      while (true) {
        try {
          running.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Folds the memory.journal into a new snapshot while commits go on. The lock is held only to copy the
   * map of records (whose memory.entries are immutable), and at the end to rotate the files: the snapshot
   * is encoded and written, and the lines committed meanwhile are copied into the new memory.journal,
   * outside it. Every file is durable before a rename makes it current, and at every moment the
   * snapshot and {@code memory.journal.log} (or, in the moment between the two renames of the journals,
   * {@code memory.journal.log.prev}) hold every acknowledged commit.
   */
  private void compactBeside() {
    Path snapshotTmp = null;
    Path journalTmp = null;
    FileChannel newJournal = null;
    try {
      String capturedLineage;
      long capturedSerial;
      Object capturedJournal;
      long from;
      Map<ResourceKey, StoredEntry> records;
      try (ProcessLock.Held held = memory.acquire()) {
        recovery.refresh();
        if (!memory.compactionDue()) {
          return;
        }
        capturedLineage = memory.lineage;
        capturedSerial = memory.serial;
        capturedJournal = memory.journalKey;
        from = memory.journalEnd;
        records = new TreeMap<>(memory.entries);
      }
      byte[] bytes = StateDocument.writeSlices(capturedLineage, capturedSerial, StoreMemory.encodedRecords(records));
      records = null;
      if (closing) {
        return;
      }
      snapshotTmp = memory.files.writeTemp(StoreFiles.SNAPSHOT, bytes);
      // The new memory.journal: its header, then the lines committed since the copy (most of them now,
      // the rest under the lock at the end).
      journalTmp = memory.files.tempBeside(StoreFiles.JOURNAL);
      newJournal = DurableWrite.createTemp(journalTmp);
      byte[] header = Journal.header(capturedLineage, capturedSerial);
      memory.files.ops.write(newJournal, ByteBuffer.wrap(header), 0);
      long copied = from;
      long upTo;
      FileChannel source;
      try (ProcessLock.Held held = memory.acquire()) {
        recovery.refresh();
        if (!Objects.equals(memory.journalKey, capturedJournal)) {
          return; // another writer compacted or replaced the state meanwhile: this one is moot
        }
        upTo = memory.journalEnd;
        source = memory.journal;
      }
      copied = copyLines(source, copied, upTo, newJournal, header.length + (copied - from));
      memory.files.ops.force(newJournal);
      if (closing) {
        return;
      }
      try (ProcessLock.Held held = memory.acquire()) {
        recovery.refresh();
        if (!Objects.equals(memory.journalKey, capturedJournal)) {
          return;
        }
        try {
          copied = copyLines(memory.journal, copied, memory.journalEnd, newJournal, header.length + (copied - from));
          memory.files.ops.force(newJournal);
          newJournal.close();
          newJournal = null;
          memory.install(snapshotTmp, true, journalTmp, bytes.length);
        } catch (IOException | RuntimeException e) {
          memory.reloadNeeded = true; // memory may point at files that were renamed: read them again
          throw e;
        }
        LOG.debug("Compacted {} at serial {}; {} bytes of later lines carried into the new journal", memory.path, capturedSerial,
            copied - from);
      }
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        LOG.warn("Could not fold the journal of {} into a new snapshot ({}); will try again later", memory.path, StoreFiles.describe(e));
      }
    } finally {
      StoreFiles.closeQuietly(newJournal);
      for (Path tmp : new Path[] {snapshotTmp, journalTmp}) {
        try {
          if (tmp != null) {
            Files.deleteIfExists(tmp);
          }
        } catch (IOException e) {
          LOG.debug("Could not remove {}", tmp, e);
        }
      }
      synchronized (monitor) {
        compactor = null;
      }
    }
  }

  /**
   * Copies the memory.journal bytes {@code [from, to)} (whole lines) of {@code source} to {@code target}
   * at {@code at}; returns {@code to}.
   */
  private long copyLines(FileChannel source, long from, long to, FileChannel target, long at) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(0, to - from)));
    long position = from;
    long written = at;
    while (position < to) {
      buffer.clear();
      buffer.limit((int) Math.min(buffer.capacity(), to - position));
      int n = source.read(buffer, position);
      if (n <= 0) {
        throw new IOException("the journal ended at " + position + " while " + (to - position) + " more bytes were expected");
      }
      buffer.flip();
      memory.files.ops.write(target, buffer, written);
      position += n;
      written += n;
    }
    return to;
  }
}
