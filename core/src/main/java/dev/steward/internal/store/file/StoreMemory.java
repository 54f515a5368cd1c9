package dev.steward.internal.store.file;

import dev.steward.ResourceKey;
import dev.steward.store.StoreWriteException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this process holds of one state directory: the records, the lineage and serial they are
 * at, and the live journal they continue, with the steps that change them together (an append, a
 * new snapshot with a new journal). Recovery fills it, group commit and compaction change it,
 * verify, import and export read it. Not thread-safe on its own: every field and method is used
 * only while the process lock is held ({@link #acquire}), which also shuts out other processes;
 * {@code closed} alone is read without it.
 */
final class StoreMemory {
  private static final Logger LOG = LoggerFactory.getLogger(StoreMemory.class);

  final StoreFiles files;
  final Path path;
  private final ProcessLock lock;
  private final Duration lockTimeout;
  private final long compactAfter;

  String lineage;
  long serial;
  final TreeMap<ResourceKey, StoredEntry> entries = new TreeMap<>();
  FileChannel journal;
  /** Which file {@code journal} is, to tell when another process replaced it. */
  Object journalKey;
  long journalEnd;
  /** The journal's size: {@code journalEnd} plus the zeros preallocated after it. */
  long allocated;
  private long retryPreallocationAt;
  long snapshotBytes;
  /** Memory may disagree with the files (a write failed half-way): read them again before the next use. */
  boolean reloadNeeded;
  /** Journals replaced by a compaction or a reload, closed once no round can be forcing them. */
  private final List<FileChannel> retired = new ArrayList<>();
  volatile boolean closed;

  StoreMemory(StoreFiles files, ProcessLock lock, Duration lockTimeout, long compactAfter) {
    this.files = files;
    this.path = files.dir;
    this.lock = lock;
    this.lockTimeout = lockTimeout;
    this.compactAfter = compactAfter;
  }

  ProcessLock lock() {
    return lock;
  }

  /** Takes the process lock for this store; refused once it is closed. */
  ProcessLock.Held acquire() throws IOException {
    if (closed) {
      throw new IllegalStateException("The state store on " + path + " is closed");
    }
    ProcessLock.Held held = lock.acquire(path, lockTimeout, this);
    if (closed) {
      held.close();
      throw new IllegalStateException("The state store on " + path + " is closed");
    }
    return held;
  }

  /** True when no one but this store took the process lock since it last held it. */
  boolean lockUnbroken() {
    return lock.unbrokenFor(this);
  }

  /**
   * True when the journal has grown past {@code compact-after} and past half the snapshot: opening
   * then reads at most about one and a half snapshots, and a compaction (which writes one new
   * snapshot; the last good copy is a hard link) costs at most two bytes of writing per byte of
   * journal.
   */
  boolean compactionDue() {
    return journalEnd > compactAfter && journalEnd > snapshotBytes / 2;
  }

  /** Writes a new snapshot of memory and starts a new journal after it. */
  void writeSnapshot(boolean keepOldAsGood) throws IOException {
    byte[] bytes = StateDocument.writeSlices(lineage, serial, encodedRecords(entries));
    Path snapshotTmp = files.writeTemp(StoreFiles.SNAPSHOT, bytes);
    Path journalTmp = null;
    try {
      journalTmp = files.writeTemp(StoreFiles.JOURNAL, Journal.header(lineage, serial));
      install(snapshotTmp, keepOldAsGood, journalTmp, bytes.length);
    } finally {
      Files.deleteIfExists(snapshotTmp);
      if (journalTmp != null) {
        Files.deleteIfExists(journalTmp);
      }
    }
  }

  /** Makes a written and forced snapshot and journal current (see {@link StoreFiles#rotate}) and appends to the new journal. */
  void install(Path snapshotTmp, boolean keepOldAsGood, Path journalTmp, long snapshotLength) throws IOException {
    files.rotate(snapshotTmp, keepOldAsGood, journalTmp);
    Path journalPath = files.journal();
    retire();
    journal = FileChannel.open(journalPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
    journalKey = StoreFiles.fileKey(journalPath);
    journalEnd = journal.size();
    allocated = journalEnd;
    snapshotBytes = snapshotLength;
  }

  /** Each record's compact JSON, in key order; a record never decoded is written back as it was read. */
  static Map<String, Journal.Slice> encodedRecords(Map<ResourceKey, StoredEntry> entries) {
    Map<String, Journal.Slice> records = new LinkedHashMap<>();
    entries.forEach((key, entry) -> {
      Journal.Slice json = entry.undecodedJson();
      if (json == null) {
        byte[] encoded = RecordCodec.encodeBytes(new RecordCodec.Entry(entry.record(), entry.history(), entry.changes()));
        json = new Journal.Slice(encoded, 0, encoded.length);
      }
      records.put(key.toString(), json);
    });
    return records;
  }

  /** Stops appending to the current journal; it is closed once no round can be forcing it. */
  void retire() {
    if (journal != null) {
      retired.add(journal);
      journal = null;
    }
  }

  /** Closes the retired journals; only when no round is forcing (rounds run one at a time). */
  void closeRetired() {
    retired.forEach(StoreFiles::closeQuietly);
    retired.clear();
  }

  void closeFiles() {
    StoreFiles.closeQuietly(journal);
    journal = null;
    closeRetired();
  }

  /**
   * Appends {@code line} (one or more whole lines) to the journal. When that fails, whatever part
   * reached the file becomes zeros again (unused space) and memory is read again before the next use.
   */
  void append(byte[] line) {
    if (journalEnd + line.length > allocated && journalEnd >= retryPreallocationAt) {
      preallocate(line.length);
    }
    try {
      files.ops.write(journal, ByteBuffer.wrap(line), journalEnd);
      journalEnd += line.length;
      allocated = Math.max(allocated, journalEnd);
    } catch (IOException e) {
      try {
        long end = Math.min(journalEnd + line.length, journal.size());
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.max(0, end - journalEnd));
        long at = journalEnd;
        while (zeros.hasRemaining()) {
          at += journal.write(zeros, at);
        }
      } catch (IOException e2) {
        try {
          journal.truncate(journalEnd);
          allocated = journalEnd;
        } catch (IOException e3) {
          e.addSuppressed(e3);
        }
        e.addSuppressed(e2);
      }
      reloadNeeded = true;
      throw new StoreWriteException("Could not write to " + files.journal() + ": " + StoreFiles.describe(e)
          + ". The change was not committed.", e);
    }
  }

  /**
   * Makes room for {@code needed} more bytes by extending the journal with zeros ahead of use. An
   * append that stays inside the file then changes no metadata, so its fsync flushes data only
   * (on this kind of disk about twice as fast as an fsync that must also record a new size). A
   * failure here (a full disk) only means the append goes without it.
   */
  private void preallocate(int needed) {
    long chunk = Math.max(needed, Math.min(16L << 20, Math.max(1L << 20, journalEnd / 4)));
    long from = Math.max(allocated, journalEnd); // never write zeros over data
    try {
      ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(chunk, 1 << 20));
      long at = from;
      while (at < journalEnd + chunk) {
        zeros.clear();
        zeros.limit((int) Math.min(zeros.capacity(), journalEnd + chunk - at));
        while (zeros.hasRemaining()) {
          at += journal.write(zeros, at);
        }
      }
      allocated = at;
    } catch (IOException e) {
      LOG.debug("Could not preallocate {} bytes for {}; appending without", chunk, files.journal(), e);
      try {
        journal.truncate(Math.max(from, journalEnd));
      } catch (IOException e2) {
        LOG.debug("Could not give back the partial preallocation", e2);
      }
      allocated = Math.max(from, journalEnd);
      // A full disk stays full for a while: do not pay for a failing attempt on every commit.
      retryPreallocationAt = journalEnd + chunk;
    }
  }

  /**
   * On a clean close the journal ends where its data ends, so a person or a tool reading it finds
   * no zeros. After a crash the zeros stay and the next open reads past them.
   */
  void trimPreallocation() throws IOException {
    if (journal != null && journal.size() > journalEnd) {
      journal.truncate(journalEnd);
      allocated = journalEnd;
    }
  }
}
