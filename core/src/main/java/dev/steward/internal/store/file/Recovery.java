package dev.steward.internal.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.ResourceKey;
import dev.steward.migration.UnsupportedSchemaVersionException;
import dev.steward.store.StoreCorruptedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery: loading a state directory into {@link StoreMemory} (the snapshot, or its last good copy
 * when it is unusable, then the journals), replaying journal lines, and catching up with what
 * other processes committed since this one last held the lock. A torn tail of the live journal is
 * cut here, as only a writer that died mid-write leaves one. Not thread-safe: every method runs
 * under the process lock, like the memory it fills.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  private static final Object DELETED = new Object();
  private static final AtomicBoolean CODEC_PREPARED = new AtomicBoolean();

  private final StoreMemory memory;
  private final StoreFiles files;
  private final Path path;

  Recovery(StoreMemory memory) {
    this.memory = memory;
    this.files = memory.files;
    this.path = memory.path;
  }

  /** Brings memory up to date with the disk: new journal lines, or everything after a rotation. */
  void refresh() throws IOException {
    if (!memory.reloadNeeded && memory.journal != null && memory.lockUnbroken()) {
      return; // the OS lock was passed from thread to thread of this store: no one else wrote
    }
    Path journalPath = files.journal();
    if (memory.reloadNeeded || memory.journal == null || !Objects.equals(StoreFiles.fileKey(journalPath), memory.journalKey)) {
      loadAll();
      return;
    }
    if (Journal.hasDataAt(memory.journal, memory.journalEnd)) {
      replayFrom(memory.journal, journalPath, memory.journalEnd, true);
    }
  }

  void loadAll() throws IOException {
    memory.reloadNeeded = true;
    memory.retire();
    Path snapshot = files.snapshot();
    Path good = files.good();
    Path journalPath = files.journal();
    Path previous = files.previousJournal();
    if (!Files.exists(snapshot) && !Files.exists(good) && !Files.exists(journalPath)) {
      initialize();
      return;
    }
    files.fixModes();
    Loaded base;
    boolean recovered = false;
    try {
      base = load(snapshot);
    } catch (UnsupportedSchemaVersionException e) {
      throw e;
    } catch (IllegalArgumentException | NoSuchFileException e) {
      String why = e instanceof NoSuchFileException ? "it is missing" : e.getMessage();
      LOG.error("STATE SNAPSHOT {} IS UNUSABLE ({}). Falling back to the last good copy {} and the journals.", snapshot, why, good);
      try {
        base = load(good);
      } catch (UnsupportedSchemaVersionException e2) {
        throw e2;
      } catch (IllegalArgumentException | NoSuchFileException e2) {
        String why2 = e2 instanceof NoSuchFileException ? "it is missing" : e2.getMessage();
        throw new StoreCorruptedException("The state in " + path + " cannot be read: " + snapshot + " is unusable (" + why
            + ") and so is its last good copy " + good + " (" + why2 + "). Nothing was changed. To recover, either restore"
            + " an export into a fresh directory (steward state import FILE --dir NEWDIR), or keep the damaged files aside and"
            + " start fresh: mv " + path + " " + path + ".damaged && mkdir -m 700 " + path,
            List.of(snapshot, good), e2);
      }
      recovered = true;
    }
    if (base.parsed().migratedFrom() < StateDocument.SCHEMA.currentVersion()) {
      Path backup = path.resolve(StoreFiles.SNAPSHOT + ".v" + base.parsed().migratedFrom() + ".bak");
      files.writeDurably(backup, base.bytes());
      LOG.warn("Migrating {} from schema version {} to {}; the original is kept as {}", base.file(),
          base.parsed().migratedFrom(), StateDocument.SCHEMA.currentVersion(), backup);
    }
    memory.entries.clear();
    memory.entries.putAll(base.entries());
    memory.lineage = base.parsed().lineage();
    memory.serial = base.parsed().serial();
    long baseSerial = memory.serial;
    // The previous journal counts when the snapshot was recovered from its last good copy, and
    // when a crash came between the two renames that replace the journal (the lines committed
    // during a background compaction are then only in the previous journal).
    if ((recovered || !Files.exists(journalPath)) && Files.exists(previous)) {
      try (FileChannel channel = FileChannel.open(previous, StandardOpenOption.READ)) {
        replayFrom(channel, previous, 0, false);
      }
    }
    boolean freshJournal = !Files.exists(journalPath) || Files.size(journalPath) == 0;
    if (!freshJournal) {
      FileChannel channel = FileChannel.open(journalPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        if (!hasHeader(channel)) {
          LOG.warn("{} has no valid header line; starting a new journal after the snapshot", journalPath);
          StoreFiles.closeQuietly(channel);
          freshJournal = true;
        } else {
          replayFrom(channel, journalPath, 0, true);
          memory.journal = channel;
          memory.journalKey = StoreFiles.fileKey(journalPath);
        }
      } catch (IOException | RuntimeException e) {
        StoreFiles.closeQuietly(channel);
        throw e;
      }
    }
    if (recovered && memory.serial > baseSerial) {
      LOG.warn("Recovered {} changes after the last good copy from the journals", memory.serial - baseSerial);
    }
    if (recovered || freshJournal || base.parsed().migratedFrom() < StateDocument.SCHEMA.currentVersion()) {
      // A new snapshot of what was recovered; the damaged one must not become the "good" copy.
      memory.writeSnapshot(!recovered);
    }
    memory.snapshotBytes = Files.size(snapshot);
    memory.reloadNeeded = false;
  }

  private record Loaded(Path file, byte[] bytes, StateDocument.Decoded parsed, Map<ResourceKey, StoredEntry> entries) {}

  private Loaded load(Path file) throws IOException {
    prepareCodecInBackground();
    byte[] bytes = StoreFiles.readFully(file);
    StateDocument.Decoded decoded = StateDocument.readDecoded(bytes);
    return new Loaded(file, bytes, decoded, decoded.entries());
  }

  /**
   * Once per JVM, loads the JSON codec (Jackson and the schema's migrations) on a thread of its
   * own, so a fresh JVM does that while this one reads the snapshot instead of after it.
   */
  private static void prepareCodecInBackground() {
    if (CODEC_PREPARED.compareAndSet(false, true)) {
      Thread thread = new Thread(() -> {
        try {
          StateDocument.MAPPER.readTree("{\"records\":{}}");
        } catch (IOException | RuntimeException e) {
          LOG.debug("Preparing the JSON codec failed; it is loaded when first used", e);
        }
      }, "steward-store-prepare");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private boolean hasHeader(FileChannel channel) throws IOException {
    return Journal.firstLine(channel).map(header -> header.path("journal").asInt() == Journal.FORMAT).orElse(false);
  }

  /**
   * Applies the lines of a journal from {@code offset}: lines already in the state are skipped, the
   * next ones applied in order. A torn tail of the live journal is cut (we hold the lock, so its
   * writer died mid-write).
   */
  private void replayFrom(FileChannel channel, Path file, long offset, boolean live) throws IOException {
    try {
      replay(channel, file, offset, live);
    } catch (IOException | RuntimeException e) {
      memory.reloadNeeded = true; // memory may hold part of what was read: start from the files next time
      throw e;
    }
  }

  private void replay(FileChannel channel, Path file, long offset, boolean live) throws IOException {
    Journal.Scan scan = Journal.scan(channel, offset);
    if (!scan.corruption().isEmpty()) {
      throw new StoreCorruptedException("The journal " + file + " is damaged: " + scan.corruption() + ". Nothing was changed."
          + " Run 'steward state verify --dir " + path + "' for details; restore from an export if you have one.",
          List.of(file), null);
    }
    // The last operation per record wins; only those are decoded (on all cores), so replaying a
    // long journal costs one decode per record, not one per line.
    Map<String, Object> last = new LinkedHashMap<>();
    Map<String, Long> lastSerial = new HashMap<>();
    for (Journal.Line line : scan.lines()) {
      if (line.isHeader()) {
        if (line.path("journal").asInt() != Journal.FORMAT) {
          throw new StoreCorruptedException("The journal " + file + " has format " + line.path("journal")
              + ", which this Steward cannot read. Nothing was changed.", List.of(file), null);
        }
        if (!memory.lineage.equals(line.path("lineage").asText())) {
          if (!live) {
            return; // an older journal of another lineage (after an import): nothing in it applies
          }
          throw new StoreCorruptedException("The journal " + file + " belongs to lineage " + line.path("lineage").asText()
              + " but the snapshot to " + memory.lineage + ": the files come from two different states. Nothing was changed.",
              List.of(file), null);
        }
        continue;
      }
      long lineSerial = line.serial();
      if (lineSerial <= memory.serial) {
        continue;
      }
      if (lineSerial != memory.serial + 1) {
        throw new StoreCorruptedException("The journal " + file + " jumps from serial " + memory.serial + " to " + lineSerial
            + ": changes in between are missing. Nothing was changed.", List.of(file), null);
      }
      String keyText = line.key();
      switch (line.op()) {
        case "put" -> last.put(keyText, line.record() != null ? line.record() : line.node().get("record"));
        case "delete" -> last.put(keyText, DELETED);
        default -> throw new StoreCorruptedException("The journal " + file + " holds a line this Steward cannot apply (serial "
            + lineSerial + "): unknown operation '" + line.op() + "'. Nothing was changed.", List.of(file), null);
      }
      lastSerial.put(keyText, lineSerial);
      memory.serial = lineSerial;
    }
    applyLast(last, lastSerial, file);
    if (live) {
      if (scan.tornBytes() > 0) {
        LOG.warn("Cutting a torn tail of {} bytes from {} (a write was interrupted before it was acknowledged)",
            scan.tornBytes(), file);
        channel.truncate(scan.validEnd());
        files.ops.force(channel);
      } else if (offset == 0 && Journal.anyDataAfter(channel, scan.validEnd())) {
        LOG.warn("Cutting bytes of an unacknowledged write found after the end of {}", file);
        channel.truncate(scan.validEnd());
        files.ops.force(channel);
      }
      memory.journalEnd = scan.validEnd();
      memory.allocated = channel.size();
    }
  }

  /** Applies the last operation of each record found in a journal. */
  private void applyLast(Map<String, Object> last, Map<String, Long> lastSerial, Path file) {
    ResourceKey[] keys = new ResourceKey[last.size()];
    StoredEntry[] puts = new StoredEntry[last.size()]; // null for a delete
    int i = 0;
    for (Map.Entry<String, Object> op : last.entrySet()) {
      String keyText = op.getKey();
      Object value = op.getValue();
      try {
        keys[i] = ResourceKey.parse(keyText);
        if (value instanceof Journal.Slice && isObject((Journal.Slice) value)) {
          // Decoded on first use, like the snapshot's records (see StoredEntry).
          Journal.Slice slice = (Journal.Slice) value;
          puts[i] = StoredEntry.undecoded(keys[i], slice.bytes(), slice.offset(), slice.length());
        } else if (value != DELETED) {
          RecordCodec.Entry e = value instanceof Journal.Slice
              ? RecordCodec.decode(keyText, ((Journal.Slice) value).bytes(), ((Journal.Slice) value).offset(), ((Journal.Slice) value).length())
              : RecordCodec.decode(keyText, (JsonNode) value);
          puts[i] = new StoredEntry(e.record(), e.history(), e.changes());
        }
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new StoreCorruptedException("The journal " + file + " holds a line this Steward cannot apply (serial "
            + lastSerial.get(keyText) + "): " + e.getMessage() + ". Nothing was changed.", List.of(file), e);
      }
      i++;
    }
    for (int j = 0; j < keys.length; j++) {
      if (puts[j] == null) {
        memory.entries.remove(keys[j]);
      } else {
        memory.entries.put(keys[j], puts[j]);
      }
    }
  }

  private static boolean isObject(Journal.Slice slice) {
    return slice.length() >= 2 && slice.bytes()[slice.offset()] == '{' && slice.bytes()[slice.offset() + slice.length() - 1] == '}';
  }

  private void initialize() throws IOException {
    memory.lineage = UUID.randomUUID().toString();
    memory.serial = 0;
    memory.entries.clear();
    memory.writeSnapshot(false);
    // A good copy from the start, so a damaged first snapshot can be rebuilt from it and the journal.
    files.writeDurably(files.good(), Files.readAllBytes(files.snapshot()));
    memory.snapshotBytes = Files.size(files.snapshot());
    memory.reloadNeeded = false;
    LOG.info("Created a new state directory {} (lineage {})", path, memory.lineage);
  }
}
