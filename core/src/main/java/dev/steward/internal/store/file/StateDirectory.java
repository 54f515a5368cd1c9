package dev.steward.internal.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StewardException;
import dev.steward.Transition;
import dev.steward.Lifecycles;
import dev.steward.store.StoreWriteException;
import dev.steward.store.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of the file store, as {@link dev.steward.store.FileStateStore} sees it: one state
 * directory, opened, read, committed to and closed. It only wires and delegates; each job is a
 * unit of its own:
 *
 * <ul>
 *   <li>{@link StoreMemory}: the records and the live journal, guarded by the process lock;
 *   <li>{@link Recovery}: load, replay, catch-up with other processes;
 *   <li>{@link GroupCommit}: commits combined into rounds, the one owner of its monitor;
 *   <li>{@link BackgroundCompaction}: a new snapshot beside the commits;
 *   <li>{@link VerifyImportExport}: the whole state at once;
 *   <li>{@link StoreFiles}: names, modes and durable writes of the files;
 *   <li>{@link StoredEntry}: a record decoded on first use.
 * </ul>
 *
 * Public only so that {@code FileStateStore} can use it; not exported. Thread-safe.
 */
public final class StateDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(StateDirectory.class);

  static final String LOCK = StoreFiles.LOCK;

  /**
   * One change to one record: the entry after it, {@code current} itself for "no change", or null
   * to delete the record.
   */
  @FunctionalInterface
  public interface Change {
    StoredEntry apply(StoredEntry current, Instant now);
  }

  private final Lifecycles lifecycles;
  private final int historyLimit;
  private final StoreMemory memory;
  private final Recovery recovery;
  private final GroupCommit commits;
  private final BackgroundCompaction compaction;
  private final VerifyImportExport whole;

  private StateDirectory(StoreMemory memory, Clock clock, Lifecycles lifecycles, int historyLimit) {
    this.lifecycles = lifecycles;
    this.historyLimit = historyLimit;
    this.memory = memory;
    this.recovery = new Recovery(memory);
    this.compaction = new BackgroundCompaction(memory, recovery);
    this.commits = new GroupCommit(memory, recovery, clock, this, compaction::start);
    this.whole = new VerifyImportExport(memory, recovery, lifecycles);
  }

  public static StateDirectory open(Path path, Clock clock, Lifecycles lifecycles, int historyLimit, Duration lockTimeout,
      long compactAfter, FileOps ops) {
    Path dir = path.toAbsolutePath().normalize();
    try {
      StoreFiles.prepareDirectory(dir);
      ProcessLock lock = ProcessLock.of(dir.resolve(LOCK));
      StoreFiles files = new StoreFiles(dir, ops);
      StoreMemory memory = new StoreMemory(files, lock, lockTimeout, compactAfter);
      StateDirectory state = new StateDirectory(memory, clock, lifecycles, historyLimit);
      try (ProcessLock.Held held = lock.acquire(dir, lockTimeout)) {
        files.removeLeftovers();
        state.recovery.loadAll();
      } catch (IOException | RuntimeException e) {
        memory.closeFiles();
        lock.unref();
        throw e;
      }
      return state;
    } catch (AccessDeniedException e) {
      throw new StewardException("Cannot open the state directory " + dir + ": permission denied on " + e.getFile()
          + ". Run as the user who owns it, or fix the modes (chmod 700 " + dir + "; chmod 600 " + dir + "/*).", e);
    } catch (IOException e) {
      throw new StewardException("Cannot open the state directory " + dir + ": " + StoreFiles.describe(e), e);
    }
  }

  public Path path() {
    return memory.path;
  }

  public Lifecycles lifecycles() {
    return lifecycles;
  }

  public String lineage() {
    return read(e -> memory.lineage);
  }

  public long serial() {
    return read(e -> memory.serial);
  }

  /** Runs {@code reader} on the current records, after reading what other processes committed. */
  public <T> T read(Function<Map<ResourceKey, StoredEntry>, T> reader) {
    try (ProcessLock.Held held = memory.acquire()) {
      recovery.refresh();
      return reader.apply(Collections.unmodifiableMap(memory.entries));
    } catch (IOException e) {
      throw new StewardException("Cannot read the state directory " + memory.path + ": " + StoreFiles.describe(e), e);
    }
  }

  /** The history with {@code transition} added, keeping the last {@code historyLimit}. */
  public List<Transition> appendHistory(ResourceKey key, List<Transition> history, Transition transition) {
    return RawHistory.encode(key.toString(), history).plus(RecordCodec.encodeTransition(transition), historyLimit);
  }

  /**
   * Applies {@code change} to the record of {@code key} and returns once it is on disk.
   *
   * @throws StoreWriteException when it could not be written (nothing changed) or not be forced to
   *     disk (the store re-reads the directory before its next operation)
   */
  public ResourceRecord commit(ResourceKey key, Change change) {
    GroupCommit.Request request = new GroupCommit.Request(key, change);
    commits.submit(request);
    return request.result.record();
  }

  /**
   * Applies each change to the record of its key, in order, in one round where the lock allows it
   * (one write, one fsync), and returns once all are on disk.
   *
   * @throws RuntimeException the first change's failure, after every other change was applied or failed
   */
  public void commitAll(List<ResourceKey> keys, List<Change> changes) {
    List<GroupCommit.Request> requests = new java.util.ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      requests.add(new GroupCommit.Request(keys.get(i), changes.get(i)));
    }
    commits.submitAll(requests);
  }

  /** Forgets a record; returns once that is on disk. */
  public boolean delete(ResourceKey key) {
    GroupCommit.Request request = new GroupCommit.Request(key, null);
    commits.submit(request);
    return request.deleted;
  }

  public ObjectNode export() {
    return whole.export();
  }

  public void importDocument(JsonNode document, boolean force) {
    whole.importDocument(document, force);
  }

  public void exportTo(OutputStream out) throws IOException {
    whole.exportTo(out);
  }

  public void importFrom(InputStream in, boolean force) throws IOException {
    whole.importFrom(in, force);
  }

  public void compactNow() {
    try (ProcessLock.Held held = memory.acquire()) {
      recovery.refresh();
      memory.writeSnapshot(true);
    } catch (IOException e) {
      memory.reloadNeeded = true;
      throw new StoreWriteException("Could not write a new snapshot in " + memory.path + ": " + StoreFiles.describe(e)
          + ". The previous snapshot and journal are still in place.", e);
    }
  }

  /** Waits until no background compaction runs (one that is due may start again later). */
  public void awaitBackgroundWork() {
    compaction.await();
  }

  /**
   * Checks the files of the state directory at {@code path} without loading them, so a directory
   * that {@link #open} refuses (a damaged journal) or would repair (a torn tail, an unusable
   * snapshot) can still be examined as it is. Writes nothing but the lock file (its pid).
   */
  public static VerifyReport verifyWithoutOpening(Path path, Lifecycles lifecycles, Duration lockTimeout) {
    return VerifyImportExport.verifyWithoutOpening(path, lifecycles, lockTimeout);
  }

  /** Reads every file from disk again and reports what is wrong; changes nothing. */
  public VerifyReport verify() {
    return whole.verify();
  }

  public void close() {
    if (memory.closed) {
      return;
    }
    compaction.close();
    try (ProcessLock.Held held = memory.acquire()) {
      trimPreallocation();
      memory.closed = true;
      memory.closeFiles();
    } catch (IOException e) {
      LOG.debug("Closing {}", memory.path, e);
      return;
    } catch (IllegalStateException e) {
      return; // closed by another thread meanwhile
    }
    memory.lock().unref();
  }

  /** A clean close leaves no preallocated zeros; not after a failed write, whose files are read again first. */
  private void trimPreallocation() {
    if (memory.journal == null || memory.reloadNeeded) {
      return;
    }
    try {
      recovery.refresh();
      memory.trimPreallocation();
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not trim the journal of {} on close", memory.path, e);
    }
  }
}
