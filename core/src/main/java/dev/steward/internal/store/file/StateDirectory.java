package dev.steward.internal.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StewardException;
import dev.steward.Transition;
import dev.steward.lifecycle.Lifecycles;
import dev.steward.migration.UnsupportedSchemaVersionException;
import dev.steward.store.ImportRefusedException;
import dev.steward.store.StoreCorruptedException;
import dev.steward.store.StoreWriteException;
import dev.steward.store.VerifyReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of the file store: the files of one state directory, the records in memory, commits
 * with group fsync, catch-up with other processes, recovery and compaction. Public only so that
 * {@link dev.steward.store.FileStateStore} can use it; not exported. Thread-safe.
 */
public final class StateDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(StateDirectory.class);

  static final String SNAPSHOT = "state.json";
  static final String GOOD = "state.json.good";
  static final String JOURNAL = "journal.log";
  static final String PREVIOUS_JOURNAL = "journal.log.prev";
  static final String LOCK = "lock";

  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTR = PosixFilePermissions.asFileAttribute(FILE_MODE);

  /**
   * A record and its recent transitions, as stored together. An entry read from a snapshot or a
   * journal line in the store's own layout keeps the record's JSON and decodes it on first use:
   * opening a large store then costs a checksum and a scan, not 100,000 decodes, and records that
   * are never looked at, or that a later journal line replaces, are never decoded. Immutable and
   * thread-safe (decoding twice at once gives equal results).
   */
  public static final class Entry {
    private final ResourceKey key;
    private volatile byte[] json; // until decoded: the record is json[offset, offset + length)
    private final int offset;
    private final int length;
    private volatile ResourceRecord record;
    private volatile List<Transition> history;

    public Entry(ResourceRecord record, List<Transition> history) {
      this.record = Objects.requireNonNull(record, "record");
      this.key = record.key();
      this.history = history instanceof RawHistory ? history : List.copyOf(history);
      this.offset = 0;
      this.length = 0;
    }

    private Entry(ResourceKey key, byte[] json, int offset, int length) {
      this.key = key;
      this.json = json;
      this.offset = offset;
      this.length = length;
    }

    /** An entry whose record is decoded from a copy of {@code bytes[offset, offset + length)} on first use. */
    static Entry undecoded(ResourceKey key, byte[] bytes, int offset, int length) {
      return new Entry(key, java.util.Arrays.copyOfRange(bytes, offset, offset + length), 0, length);
    }

    /**
     * An entry whose record is decoded from {@code bytes[offset, offset + length)} on first use,
     * without a copy: {@code bytes} (a snapshot read whole, about the size of all records together)
     * stays in memory until every entry that shares it was decoded or replaced.
     */
    static Entry sharing(ResourceKey key, byte[] bytes, int offset, int length) {
      return new Entry(key, bytes, offset, length);
    }

    /** @throws StewardException when the stored JSON cannot be decoded (it passed its checksum) */
    public ResourceRecord record() {
      ResourceRecord r = record;
      if (r == null) {
        decode();
        r = record;
      }
      return r;
    }

    public List<Transition> history() {
      List<Transition> h = history;
      if (h == null) {
        decode();
        h = history;
      }
      return h;
    }

    /** The same history with a new version of the record. */
    public Entry with(ResourceRecord next) {
      return new Entry(next, history());
    }

    /** Where the record's compact JSON lies when it was never decoded (so it can be written back as it is). */
    Journal.Slice undecodedJson() {
      byte[] bytes = json;
      return record != null || bytes == null ? null : new Journal.Slice(bytes, offset, length);
    }

    private void decode() {
      byte[] bytes = json;
      if (bytes == null) {
        return; // decoded by another thread meanwhile
      }
      RecordCodec.Entry decoded;
      try {
        decoded = RecordCodec.decode(key.toString(), bytes, offset, length);
      } catch (IllegalArgumentException e) {
        throw new StoreCorruptedException("The stored record " + key + " cannot be read: " + e.getMessage()
            + ". Run 'steward state verify' on the state directory; restore from an export if you have one.", List.of(), e);
      }
      if (!decoded.record().key().equals(key)) {
        throw new StoreCorruptedException("The stored record " + key + " holds the record of " + decoded.record().key(),
            List.of(), null);
      }
      history = decoded.history();
      record = decoded.record();
      json = null;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry && ((Entry) o).record().equals(record()) && ((Entry) o).history().equals(history());
    }

    @Override
    public int hashCode() {
      return record().hashCode() * 31 + history().hashCode();
    }

    @Override
    public String toString() {
      return "Entry[" + record() + ", " + history() + "]";
    }
  }

  /** One change to one record: the entry after it, or {@code current} itself for "no change". */
  @FunctionalInterface
  public interface Change {
    Entry apply(Entry current, Instant now);
  }

  private final Path path;
  private final Clock clock;
  private final Lifecycles lifecycles;
  private final int historyLimit;
  private final Duration lockTimeout;
  private final long compactAfter;
  private final FileOps ops;
  private final ProcessLock lock;

  // Guarded by lock.
  private String lineage;
  private long serial;
  private final TreeMap<ResourceKey, Entry> entries = new TreeMap<>();
  private FileChannel journal;
  private Object journalKey;
  private long journalEnd;
  /** The journal's size: {@code journalEnd} plus the zeros preallocated after it. */
  private long allocated;
  private long retryPreallocationAt;
  private long snapshotBytes;
  private boolean reloadNeeded;
  /** Journals replaced by a compaction or a reload, closed once no round can be forcing them. */
  private final List<FileChannel> retired = new ArrayList<>();
  private volatile boolean closed;

  // Group commit, guarded by syncMonitor.
  private final Object syncMonitor = new Object();
  /** Commits waiting for a round, in the order they came. */
  private List<Request> pending = new ArrayList<>();
  /** True while a thread leads a round; the next one is handed the lead by the current leader. */
  private boolean leading;
  /** The leader while it waits for the writers of its round, and how many it waits for. */
  private Thread gathering;
  private int gatherTarget;
  /** How long the last fsync took, in nanoseconds: the longest a leader waits for stragglers. */
  private volatile long lastForceNanos = 100_000;
  /** How many commits the last round carried: the writers that are active. */
  private volatile int lastBatch = 1;

  /** The background compaction under way, or null; guarded by syncMonitor. */
  private Thread compactor;
  /** Set by close: a background compaction stops at its next step. */
  private volatile boolean closing;

  private StateDirectory(Path path, Clock clock, Lifecycles lifecycles, int historyLimit, Duration lockTimeout,
      long compactAfter, FileOps ops, ProcessLock lock) {
    this.path = path;
    this.clock = clock;
    this.lifecycles = lifecycles;
    this.historyLimit = historyLimit;
    this.lockTimeout = lockTimeout;
    this.compactAfter = compactAfter;
    this.ops = ops;
    this.lock = lock;
  }

  public static StateDirectory open(Path path, Clock clock, Lifecycles lifecycles, int historyLimit, Duration lockTimeout,
      long compactAfter, FileOps ops) {
    Path dir = path.toAbsolutePath().normalize();
    try {
      prepareDirectory(dir);
      ProcessLock lock = ProcessLock.of(dir.resolve(LOCK));
      StateDirectory state = new StateDirectory(dir, clock, lifecycles, historyLimit, lockTimeout, compactAfter, ops, lock);
      try (ProcessLock.Held held = state.lock.acquire(dir, lockTimeout)) {
        state.removeLeftovers();
        state.loadAll();
      } catch (IOException | RuntimeException e) {
        state.closeFiles();
        lock.unref();
        throw e;
      }
      return state;
    } catch (AccessDeniedException e) {
      throw new StewardException("Cannot open the state directory " + dir + ": permission denied on " + e.getFile()
          + ". Run as the user who owns it, or fix the modes (chmod 700 " + dir + "; chmod 600 " + dir + "/*).", e);
    } catch (IOException e) {
      throw new StewardException("Cannot open the state directory " + dir + ": " + describe(e), e);
    }
  }

  public Path path() {
    return path;
  }

  public Lifecycles lifecycles() {
    return lifecycles;
  }

  public String lineage() {
    return read(e -> lineage);
  }

  public long serial() {
    return read(e -> serial);
  }

  /** Runs {@code reader} on the current records, after reading what other processes committed. */
  public <T> T read(Function<Map<ResourceKey, Entry>, T> reader) {
    try (ProcessLock.Held held = acquire()) {
      refresh();
      return reader.apply(Collections.unmodifiableMap(entries));
    } catch (IOException e) {
      throw new StewardException("Cannot read the state directory " + path + ": " + describe(e), e);
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
    Request request = new Request(key, change);
    submit(request);
    return request.result.record();
  }

  /** Forgets a record; returns once that is on disk. */
  public boolean delete(ResourceKey key) {
    Request request = new Request(key, null);
    submit(request);
    return request.deleted;
  }

  public ObjectNode export() {
    byte[] bytes = read(e -> StateDocument.writeSlices(lineage, serial, encodedRecords(entries)));
    try {
      return (ObjectNode) StateDocument.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void importDocument(JsonNode document, boolean force) {
    StateDocument.Decoded parsed;
    Map<ResourceKey, Entry> imported;
    try {
      parsed = StateDocument.readDecoded(StateDocument.MAPPER.writeValueAsBytes(document));
      imported = decodeAll(parsed);
      imported.values().forEach(Entry::history); // an import is checked whole before anything changes
    } catch (IllegalArgumentException | StoreCorruptedException e) {
      throw new ImportRefusedException("The document is not a valid state: " + e.getMessage() + ". Nothing was changed.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> unknown = new ArrayList<>();
    for (Entry entry : imported.values()) {
      ResourceRecord r = entry.record();
      if (lifecycles.find(r.lifecycle()).map(table -> !table.contains(r.state())).orElse(true)) {
        unknown.add(r.key() + " (lifecycle '" + r.lifecycle() + "', state " + r.state() + ")");
      }
    }
    if (!unknown.isEmpty()) {
      throw new ImportRefusedException("The document holds records whose lifecycle or state this program does not know: "
          + String.join(", ", unknown.subList(0, Math.min(5, unknown.size()))) + (unknown.size() > 5 ? " and " + (unknown.size() - 5) + " more" : "")
          + ". Nothing was changed. Register their lifecycles (Settings.builder().lifecycles(...)) before importing.");
    }
    try (ProcessLock.Held held = acquire()) {
      refresh();
      if (parsed.lineage().equals(lineage) && parsed.serial() == serial && imported.equals(entries)) {
        LOG.info("The imported state equals the state in {} (serial {}); nothing to do", path, serial);
        return;
      }
      // A store nothing was ever committed to has nothing to lose: it takes any state.
      boolean fresh = serial == 0 && entries.isEmpty();
      if (!force && !fresh) {
        if (!parsed.lineage().equals(lineage)) {
          throw new ImportRefusedException("The document belongs to lineage " + parsed.lineage() + ", but " + path
              + " holds lineage " + lineage + ": it is another state, not a copy of this one. Nothing was changed."
              + " Import it with force to replace this state.");
        }
        if (parsed.serial() < serial) {
          throw new ImportRefusedException("The document has serial " + parsed.serial() + ", older than serial " + serial
              + " of " + path + ": importing it would undo " + (serial - parsed.serial()) + " changes. Nothing was changed."
              + " Import it with force to go back anyway.");
        }
        if (parsed.serial() == serial && !imported.equals(entries)) {
          throw new ImportRefusedException("The document has the same serial (" + serial + ") as " + path
              + " but different records: the two diverged. Nothing was changed. Import it with force to keep the document's.");
        }
      }
      // A newer copy of this lineage, or anything into a fresh store, is taken as it is, serial
      // included: importing it again is then a no-op and a later export of the source is newer.
      boolean exactCopy = fresh || (parsed.lineage().equals(lineage) && parsed.serial() > serial);
      serial = exactCopy ? parsed.serial() : Math.max(serial, parsed.serial()) + 1;
      lineage = parsed.lineage();
      entries.clear();
      entries.putAll(imported);
      writeSnapshot(true);
      LOG.info("Imported {} records into {} (lineage {}, serial {})", entries.size(), path, lineage, serial);
    } catch (IOException e) {
      reloadNeeded = true;
      throw new StoreWriteException("Could not write the imported state to " + path + ": " + describe(e)
          + ". The previous state is still in place.", e);
    }
  }

  public void compactNow() {
    try (ProcessLock.Held held = acquire()) {
      refresh();
      writeSnapshot(true);
    } catch (IOException e) {
      reloadNeeded = true;
      throw new StoreWriteException("Could not write a new snapshot in " + path + ": " + describe(e)
          + ". The previous snapshot and journal are still in place.", e);
    }
  }

  /**
   * Checks the files of the state directory at {@code path} without loading them, so a directory
   * that {@link #open} refuses (a damaged journal) or would repair (a torn tail, an unusable
   * snapshot) can still be examined as it is. Writes nothing but the lock file (its pid).
   */
  public static VerifyReport verifyWithoutOpening(Path path, Lifecycles lifecycles, Duration lockTimeout) {
    Path dir = path.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      return new VerifyReport(dir, 0, -1, 0, List.of(dir + (Files.exists(dir) ? " is not a directory" : " does not exist")));
    }
    try {
      ProcessLock lock = ProcessLock.of(dir.resolve(LOCK));
      try {
        return new StateDirectory(dir, Clock.systemUTC(), lifecycles, 1, lockTimeout, Long.MAX_VALUE, FileOps.DURABLE, lock).verify();
      } finally {
        lock.unref();
      }
    } catch (IOException e) {
      return new VerifyReport(dir, 0, -1, 0, List.of("cannot read " + dir + ": " + describe(e)));
    }
  }

  /** Reads every file from disk again and reports what is wrong; changes nothing. */
  public VerifyReport verify() {
    List<String> problems = new ArrayList<>();
    int records = 0;
    long diskSerial = -1;
    int lines = 0;
    try (ProcessLock.Held held = acquire()) {
      checkMode(path, DIR_MODE, problems);
      String diskLineage = null;
      Path snapshot = path.resolve(SNAPSHOT);
      try {
        StateDocument.Decoded parsed = StateDocument.readDecoded(Files.readAllBytes(snapshot));
        Map<ResourceKey, Entry> decoded = decodeAll(parsed);
        records = decoded.size();
        diskLineage = parsed.lineage();
        diskSerial = parsed.serial();
        for (Entry entry : decoded.values()) {
          ResourceRecord r;
          try {
            r = entry.record(); // opening decodes records on first use; verify decodes each
          } catch (StoreCorruptedException e) {
            problems.add(snapshot + ": " + e.getMessage());
            continue;
          }
          lifecycles.find(r.lifecycle()).ifPresentOrElse(table -> {
            if (!table.contains(r.state())) {
              problems.add(snapshot + ": " + r.key() + " is in state " + r.state() + ", which lifecycle '" + r.lifecycle() + "' does not have");
            }
          }, () -> problems.add(snapshot + ": " + r.key() + " follows lifecycle '" + r.lifecycle() + "', which this program does not know"));
          try {
            List.copyOf(entry.history()); // opening keeps histories as bytes; verify decodes each
          } catch (StewardException e) {
            problems.add(snapshot + ": " + e.getMessage());
          }
        }
        checkMode(snapshot, FILE_MODE, problems);
      } catch (NoSuchFileException e) {
        problems.add(snapshot + " is missing");
      } catch (IllegalArgumentException | UnsupportedSchemaVersionException e) {
        problems.add(snapshot + ": " + e.getMessage());
      }
      Path good = path.resolve(GOOD);
      if (Files.exists(good)) {
        try {
          StateDocument.readDecoded(Files.readAllBytes(good));
          checkMode(good, FILE_MODE, problems);
        } catch (IllegalArgumentException | UnsupportedSchemaVersionException e) {
          problems.add(good + " (the last good copy): " + e.getMessage());
        }
      }
      Path journalPath = path.resolve(JOURNAL);
      if (!Files.exists(journalPath)) {
        problems.add(journalPath + " is missing");
      } else {
        checkMode(journalPath, FILE_MODE, problems);
        try (FileChannel channel = FileChannel.open(journalPath, StandardOpenOption.READ)) {
          Journal.Scan scan = Journal.scan(channel, 0);
          if (!scan.corruption().isEmpty()) {
            problems.add(journalPath + ": " + scan.corruption());
          }
          if (scan.tornBytes() > 0) {
            problems.add(journalPath + ": the last " + scan.tornBytes() + " bytes are an incomplete or damaged line (a write was interrupted); the store cuts them on its next write");
          } else if (scan.corruption().isEmpty() && Journal.anyDataAfter(channel, scan.validEnd())) {
            problems.add(journalPath + ": there are bytes after the end of its data (an unacknowledged write); the store cuts them when it opens");
          }
          List<Journal.Line> list = scan.lines();
          if (list.isEmpty() || !list.get(0).isHeader()) {
            problems.add(journalPath + " has no header line");
          } else {
            Journal.Line header = list.get(0);
            if (diskLineage != null && !diskLineage.equals(header.path("lineage").asText())) {
              problems.add(journalPath + " belongs to lineage " + header.path("lineage").asText() + ", the snapshot to " + diskLineage);
            }
            long expected = header.path("base_serial").asLong();
            for (Journal.Line line : list.subList(1, list.size())) {
              long s = line.serial() < 0 ? 0 : line.serial();
              if (s != expected + 1) {
                problems.add(journalPath + ": serial " + s + " follows " + expected + "; changes are missing");
                break;
              }
              expected = s;
              lines++;
            }
            if (diskSerial >= 0) {
              diskSerial = Math.max(diskSerial, expected);
            }
          }
        }
      }
    } catch (IOException e) {
      problems.add("cannot read " + path + ": " + describe(e));
    }
    return new VerifyReport(path, records, diskSerial, lines, problems);
  }

  public void close() {
    if (closed) {
      return;
    }
    closing = true;
    awaitBackgroundWork();
    try (ProcessLock.Held held = acquire()) {
      trimPreallocation();
      closed = true;
      closeFiles();
    } catch (IOException e) {
      LOG.debug("Closing {}", path, e);
      return;
    } catch (IllegalStateException e) {
      return; // closed by another thread meanwhile
    }
    lock.unref();
  }

  private void closeFiles() {
    closeQuietly(journal);
    journal = null;
    retired.forEach(StateDirectory::closeQuietly);
    retired.clear();
  }

  /**
   * On a clean close the journal ends where its data ends, so a person or a tool reading it finds
   * no zeros. After a crash the zeros stay and the next open reads past them.
   */
  private void trimPreallocation() {
    if (journal == null || reloadNeeded) {
      return;
    }
    try {
      refresh();
      if (journal != null && journal.size() > journalEnd) {
        journal.truncate(journalEnd);
        allocated = journalEnd;
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not trim the journal of {} on close", path, e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Loading

  private ProcessLock.Held acquire() throws IOException {
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

  /** Brings memory up to date with the disk: new journal lines, or everything after a rotation. */
  private void refresh() throws IOException {
    if (!reloadNeeded && journal != null && lock.unbrokenFor(this)) {
      return; // the OS lock was passed from thread to thread of this store: no one else wrote
    }
    Path journalPath = path.resolve(JOURNAL);
    if (reloadNeeded || journal == null || !Objects.equals(fileKey(journalPath), journalKey)) {
      loadAll();
      return;
    }
    if (Journal.hasDataAt(journal, journalEnd)) {
      replayFrom(journal, journalPath, journalEnd, true);
    }
  }

  private void loadAll() throws IOException {
    reloadNeeded = true;
    if (journal != null) {
      retired.add(journal);
      journal = null;
    }
    Path snapshot = path.resolve(SNAPSHOT);
    Path good = path.resolve(GOOD);
    Path journalPath = path.resolve(JOURNAL);
    Path previous = path.resolve(PREVIOUS_JOURNAL);
    if (!Files.exists(snapshot) && !Files.exists(good) && !Files.exists(journalPath)) {
      initialize();
      return;
    }
    fixModes(snapshot, good, journalPath, previous);
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
      Path backup = path.resolve(SNAPSHOT + ".v" + base.parsed().migratedFrom() + ".bak");
      writeDurably(backup, base.bytes());
      LOG.warn("Migrating {} from schema version {} to {}; the original is kept as {}", base.file(),
          base.parsed().migratedFrom(), StateDocument.SCHEMA.currentVersion(), backup);
    }
    entries.clear();
    entries.putAll(base.entries());
    lineage = base.parsed().lineage();
    serial = base.parsed().serial();
    long baseSerial = serial;
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
          closeQuietly(channel);
          freshJournal = true;
        } else {
          replayFrom(channel, journalPath, 0, true);
          journal = channel;
          journalKey = fileKey(journalPath);
        }
      } catch (IOException | RuntimeException e) {
        closeQuietly(channel);
        throw e;
      }
    }
    if (recovered && serial > baseSerial) {
      LOG.warn("Recovered {} changes after the last good copy from the journals", serial - baseSerial);
    }
    if (recovered || freshJournal || base.parsed().migratedFrom() < StateDocument.SCHEMA.currentVersion()) {
      // A new snapshot of what was recovered; the damaged one must not become the "good" copy.
      writeSnapshot(!recovered);
    }
    snapshotBytes = Files.size(snapshot);
    reloadNeeded = false;
  }

  private record Loaded(Path file, byte[] bytes, StateDocument.Decoded parsed, Map<ResourceKey, Entry> entries) {}

  private Loaded load(Path file) throws IOException {
    prepareCodecInBackground();
    byte[] bytes = readFully(file);
    StateDocument.Decoded decoded = StateDocument.readDecoded(bytes);
    return new Loaded(file, bytes, decoded, decodeAll(decoded));
  }

  private static final java.util.concurrent.atomic.AtomicBoolean CODEC_PREPARED = new java.util.concurrent.atomic.AtomicBoolean();

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

  /**
   * The whole file, read into one array in 1 MiB steps: {@code Files.readAllBytes} reads it in one
   * step through a temporary native buffer as large as the file, which costs a second copy.
   */
  private static byte[] readFully(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException(file + " is " + size + " bytes, too large to read");
      }
      byte[] bytes = new byte[(int) size];
      int at = 0;
      while (at < bytes.length) {
        int n = channel.read(ByteBuffer.wrap(bytes, at, Math.min(1 << 20, bytes.length - at)), at);
        if (n < 0) {
          break; // shorter than it was a moment ago: the checks of the content will say so
        }
        at += n;
      }
      return at == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, at);
    }
  }

  private static Map<ResourceKey, Entry> decodeAll(StateDocument.Decoded decoded) {
    return decoded.entries();
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
      reloadNeeded = true; // memory may hold part of what was read: start from the files next time
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
    Map<String, Long> lastSerial = new java.util.HashMap<>();
    for (Journal.Line line : scan.lines()) {
      if (line.isHeader()) {
        if (line.path("journal").asInt() != Journal.FORMAT) {
          throw new StoreCorruptedException("The journal " + file + " has format " + line.path("journal")
              + ", which this Steward cannot read. Nothing was changed.", List.of(file), null);
        }
        if (!lineage.equals(line.path("lineage").asText())) {
          if (!live) {
            return; // an older journal of another lineage (after an import): nothing in it applies
          }
          throw new StoreCorruptedException("The journal " + file + " belongs to lineage " + line.path("lineage").asText()
              + " but the snapshot to " + lineage + ": the files come from two different states. Nothing was changed.",
              List.of(file), null);
        }
        continue;
      }
      long lineSerial = line.serial();
      if (lineSerial <= serial) {
        continue;
      }
      if (lineSerial != serial + 1) {
        throw new StoreCorruptedException("The journal " + file + " jumps from serial " + serial + " to " + lineSerial
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
      serial = lineSerial;
    }
    applyLast(last, lastSerial, file);
    if (live) {
      if (scan.tornBytes() > 0) {
        LOG.warn("Cutting a torn tail of {} bytes from {} (a write was interrupted before it was acknowledged)",
            scan.tornBytes(), file);
        channel.truncate(scan.validEnd());
        ops.force(channel);
      } else if (offset == 0 && Journal.anyDataAfter(channel, scan.validEnd())) {
        LOG.warn("Cutting bytes of an unacknowledged write found after the end of {}", file);
        channel.truncate(scan.validEnd());
        ops.force(channel);
      }
      journalEnd = scan.validEnd();
      allocated = channel.size();
    }
  }

  private static final Object DELETED = new Object();

  /** Applies the last operation of each record found in a journal. */
  private void applyLast(Map<String, Object> last, Map<String, Long> lastSerial, Path file) {
    ResourceKey[] keys = new ResourceKey[last.size()];
    Entry[] puts = new Entry[last.size()]; // null for a delete
    int i = 0;
    for (Map.Entry<String, Object> op : last.entrySet()) {
      String keyText = op.getKey();
      Object value = op.getValue();
      try {
        keys[i] = ResourceKey.parse(keyText);
        if (value instanceof Journal.Slice && isObject((Journal.Slice) value)) {
          // Decoded on first use, like the snapshot's records (see Entry).
          Journal.Slice slice = (Journal.Slice) value;
          puts[i] = Entry.undecoded(keys[i], slice.bytes(), slice.offset(), slice.length());
        } else if (value != DELETED) {
          RecordCodec.Entry e = value instanceof Journal.Slice
              ? RecordCodec.decode(keyText, ((Journal.Slice) value).bytes(), ((Journal.Slice) value).offset(), ((Journal.Slice) value).length())
              : RecordCodec.decode(keyText, (JsonNode) value);
          puts[i] = new Entry(e.record(), e.history());
        }
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new StoreCorruptedException("The journal " + file + " holds a line this Steward cannot apply (serial "
            + lastSerial.get(keyText) + "): " + e.getMessage() + ". Nothing was changed.", List.of(file), e);
      }
      i++;
    }
    for (int j = 0; j < keys.length; j++) {
      if (puts[j] == null) {
        entries.remove(keys[j]);
      } else {
        entries.put(keys[j], puts[j]);
      }
    }
  }

  private static boolean isObject(Journal.Slice slice) {
    return slice.length() >= 2 && slice.bytes()[slice.offset()] == '{' && slice.bytes()[slice.offset() + slice.length() - 1] == '}';
  }


  // ---------------------------------------------------------------------------------------------
  // Writing

  private void initialize() throws IOException {
    lineage = UUID.randomUUID().toString();
    serial = 0;
    entries.clear();
    writeSnapshot(false);
    // A good copy from the start, so a damaged first snapshot can be rebuilt from it and the journal.
    writeDurably(path.resolve(GOOD), Files.readAllBytes(path.resolve(SNAPSHOT)));
    snapshotBytes = Files.size(path.resolve(SNAPSHOT));
    reloadNeeded = false;
    LOG.info("Created a new state directory {} (lineage {})", path, lineage);
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
      LOG.debug("Could not preallocate {} bytes for {}; appending without", chunk, path.resolve(JOURNAL), e);
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

  private void append(byte[] line) {
    if (journalEnd + line.length > allocated && journalEnd >= retryPreallocationAt) {
      preallocate(line.length);
    }
    try {
      ops.write(journal, ByteBuffer.wrap(line), journalEnd);
      journalEnd += line.length;
      allocated = Math.max(allocated, journalEnd);
    } catch (IOException e) {
      try {
        // Whatever part of the line reached the file becomes zeros again: unused space.
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
      throw new StoreWriteException("Could not write to " + path.resolve(JOURNAL) + ": " + describe(e)
          + ". The change was not committed.", e);
    }
  }

  /**
   * One commit on its way through a round: its change (null for a delete), then its outcome. Each
   * request is woken once: when its round is over, or when it is to lead the next round. Outcome
   * fields are written by the leader before {@code state} and read by the caller after it.
   */
  private static final class Request {
    static final int WAITING = 0;
    static final int DONE = 1;
    static final int LEAD = 2;

    final ResourceKey key;
    final Change change;
    final Thread thread = Thread.currentThread();
    volatile int state = WAITING;
    Entry result;
    boolean deleted;
    RuntimeException failure;
    /** Whether this request wrote a line in its round, and so waits for that round's fsync. */
    boolean wrote;

    Request(ResourceKey key, Change change) {
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
  private void submit(Request request) {
    // An interrupted thread's FileChannel.write or force closes the channel for everyone: the
    // interrupt is kept for the caller, but not while this thread may lead a round.
    boolean interrupted = Thread.interrupted();
    boolean lead;
    synchronized (syncMonitor) {
      pending.add(request);
      lead = !leading;
      leading = true;
      if (gathering != null && pending.size() >= gatherTarget) {
        LockSupport.unpark(gathering);
      }
    }
    try {
      if (!lead) {
        while (request.state == Request.WAITING) {
          LockSupport.park(this);
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

  /**
   * A leader's round: applies the waiting commits, writes and forces their lines, wakes them, and
   * passes the lead on; then a compaction follows if one is due.
   */
  private void lead() {
    List<Request> batch = List.of();
    boolean compact = false;
    try {
      gather();
      synchronized (syncMonitor) {
        batch = pending;
        pending = new ArrayList<>();
      }
      lastBatch = batch.size();
      FileChannel written = applyAndWrite(batch);
      if (written != null) {
        force(written, batch);
        compact = compactionDue();
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
      compactInBackground();
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
    synchronized (syncMonitor) {
      gathering = Thread.currentThread();
      gatherTarget = expected;
    }
    try {
      while (true) {
        synchronized (syncMonitor) {
          if (pending.size() >= expected) {
            return;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        LockSupport.parkNanos(this, left);
      }
    } finally {
      synchronized (syncMonitor) {
        gathering = null;
      }
    }
  }

  /**
   * Applies the round's commits in order under the lock (each sees the ones before it) and writes
   * their lines with one write. Returns the journal they were written to, or null when no commit
   * changed anything. A commit whose change throws fails alone; when the write fails, every commit
   * that had a line fails, and memory is read again from the disk before the next operation.
   */
  private FileChannel applyAndWrite(List<Request> batch) {
    try (ProcessLock.Held held = acquire()) {
      // No round is forcing now (rounds run one at a time), so replaced journals can be closed.
      retired.forEach(StateDirectory::closeQuietly);
      retired.clear();
      refresh();
      byte[] first = null; // a round of one line (a lone writer) writes it without a copy
      java.io.ByteArrayOutputStream lines = null;
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
              lines = new java.io.ByteArrayOutputStream(first.length * batch.size() + 64);
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
        append(lines == null ? first : lines.toByteArray());
      } catch (StoreWriteException e) {
        for (Request r : batch) {
          if (r.wrote) {
            r.failure = e;
          }
        }
        return null;
      }
      return journal;
    } catch (IOException e) {
      StewardException failure = new StewardException("Cannot read the state directory " + path + ": " + describe(e), e);
      batch.forEach(r -> r.failure = r.failure == null ? failure : r.failure);
      return null;
    } catch (RuntimeException e) {
      // The lock could not be taken (held by another process too long, or the store is closed).
      batch.forEach(r -> r.failure = r.failure == null ? e : r.failure);
      return null;
    }
  }

  /** Applies one commit to memory; returns its journal line, or null when it changes nothing. */
  private byte[] applyOne(Request r) {
    Entry current = entries.get(r.key);
    if (r.change == null) {
      if (current == null) {
        r.deleted = false;
        return null;
      }
      ObjectNode body = StateDocument.MAPPER.createObjectNode();
      body.put("serial", serial + 1);
      body.put("op", "delete");
      body.put("key", r.key.toString());
      byte[] line = Journal.line(body);
      serial++;
      entries.remove(r.key);
      r.deleted = true;
      return line;
    }
    Entry next = r.change.apply(current, clock.instant());
    r.result = next;
    if (next == current) {
      return null;
    }
    byte[] line = Journal.putLine(serial + 1, r.key.toString(),
        RecordCodec.encodeBytes(new RecordCodec.Entry(next.record(), next.history())));
    serial++;
    entries.put(r.key, next);
    return line;
  }

  /**
   * Forces the round's lines to disk, outside the lock so readers need not wait for the disk. When
   * that fails, the commits that wrote lines learn that their change may or may not be on disk.
   */
  private void force(FileChannel channel, List<Request> batch) {
    try {
      long started = System.nanoTime();
      ops.force(channel);
      lastForceNanos = System.nanoTime() - started;
    } catch (IOException e) {
      markReload(); // before the commits hear of the failure, so their next operation re-reads
      StoreWriteException failure = new StoreWriteException("Could not force " + path.resolve(JOURNAL) + " to disk: "
          + describe(e) + ". The change may or may not have reached the disk; the store re-reads the directory before"
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
    synchronized (syncMonitor) {
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
    try (ProcessLock.Held held = acquire()) {
      reloadNeeded = true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not mark {} for reload", path, e);
    }
  }

  /** Starts a compaction on a thread of its own, unless one is under way. */
  private void compactInBackground() {
    synchronized (syncMonitor) {
      if (compactor != null || closing) {
        return;
      }
      compactor = new Thread(this::compactBeside, "steward-store-compact");
      compactor.setDaemon(true);
      compactor.start();
    }
  }

  /** Waits until no background compaction runs (one that is due may start again later). */
  public void awaitBackgroundWork() {
    Thread running;
    synchronized (syncMonitor) {
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
   * Folds the journal into a new snapshot while commits go on. The lock is held only to copy the
   * map of records (whose entries are immutable), and at the end to rotate the files: the snapshot
   * is encoded and written, and the lines committed meanwhile are copied into the new journal,
   * outside it. Every file is durable before a rename makes it current, and at every moment the
   * snapshot and {@code journal.log} (or, in the moment between the two renames of the journals,
   * {@code journal.log.prev}) hold every acknowledged commit.
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
      Map<ResourceKey, Entry> records;
      try (ProcessLock.Held held = acquire()) {
        refresh();
        if (!compactionDue()) {
          return;
        }
        capturedLineage = lineage;
        capturedSerial = serial;
        capturedJournal = journalKey;
        from = journalEnd;
        records = new TreeMap<>(entries);
      }
      byte[] bytes = StateDocument.writeSlices(capturedLineage, capturedSerial, encodedRecords(records));
      records = null;
      if (closing) {
        return;
      }
      snapshotTmp = writeTemp(SNAPSHOT, bytes);
      // The new journal: its header, then the lines committed since the copy (most of them now,
      // the rest under the lock at the end).
      journalTmp = tempBeside(JOURNAL);
      newJournal = FileChannel.open(journalTmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
          StandardOpenOption.WRITE), FILE_ATTR);
      byte[] header = Journal.header(capturedLineage, capturedSerial);
      ops.write(newJournal, ByteBuffer.wrap(header), 0);
      long copied = from;
      long upTo;
      FileChannel source;
      try (ProcessLock.Held held = acquire()) {
        refresh();
        if (!Objects.equals(journalKey, capturedJournal)) {
          return; // another writer compacted or replaced the state meanwhile: this one is moot
        }
        upTo = journalEnd;
        source = journal;
      }
      copied = copyLines(source, copied, upTo, newJournal, header.length + (copied - from));
      ops.force(newJournal);
      if (closing) {
        return;
      }
      try (ProcessLock.Held held = acquire()) {
        refresh();
        if (!Objects.equals(journalKey, capturedJournal)) {
          return;
        }
        try {
          copied = copyLines(journal, copied, journalEnd, newJournal, header.length + (copied - from));
          ops.force(newJournal);
          newJournal.close();
          newJournal = null;
          install(snapshotTmp, true, journalTmp, bytes.length);
        } catch (IOException | RuntimeException e) {
          reloadNeeded = true; // memory may point at files that were renamed: read them again
          throw e;
        }
        LOG.debug("Compacted {} at serial {}; {} bytes of later lines carried into the new journal", path, capturedSerial,
            copied - from);
      }
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        LOG.warn("Could not fold the journal of {} into a new snapshot ({}); will try again later", path, describe(e));
      }
    } finally {
      closeQuietly(newJournal);
      for (Path tmp : new Path[] {snapshotTmp, journalTmp}) {
        try {
          if (tmp != null) {
            Files.deleteIfExists(tmp);
          }
        } catch (IOException e) {
          LOG.debug("Could not remove {}", tmp, e);
        }
      }
      synchronized (syncMonitor) {
        compactor = null;
      }
    }
  }

  /**
   * Copies the journal bytes {@code [from, to)} (whole lines) of {@code source} to {@code target}
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
      ops.write(target, buffer, written);
      position += n;
      written += n;
    }
    return to;
  }

  /**
   * True when the journal has grown past {@code compact-after} and past half the snapshot: opening
   * then reads at most about one and a half snapshots, and a compaction (which writes one new
   * snapshot; the last good copy is a hard link) costs at most two bytes of writing per byte of
   * journal.
   */
  private boolean compactionDue() {
    return journalEnd > compactAfter && journalEnd > snapshotBytes / 2;
  }

  /** Writes a new snapshot of memory under the lock and starts a new journal after it. */
  private void writeSnapshot(boolean keepOldAsGood) throws IOException {
    byte[] bytes = StateDocument.writeSlices(lineage, serial, encodedRecords(entries));
    Path snapshotTmp = writeTemp(SNAPSHOT, bytes);
    Path journalTmp = null;
    try {
      journalTmp = writeTemp(JOURNAL, Journal.header(lineage, serial));
      install(snapshotTmp, keepOldAsGood, journalTmp, bytes.length);
    } finally {
      Files.deleteIfExists(snapshotTmp);
      if (journalTmp != null) {
        Files.deleteIfExists(journalTmp);
      }
    }
  }

  /**
   * Makes a written and forced snapshot and journal current: the old snapshot becomes the last good
   * copy (unless it is the damaged one being recovered from), the old journal the previous one.
   * The snapshot goes first, so the journal that is current at any moment continues it; a crash
   * between the journal's two renames leaves the previous journal, which opening then reads.
   */
  private void install(Path snapshotTmp, boolean keepOldAsGood, Path journalTmp, long snapshotLength) throws IOException {
    Path snapshot = path.resolve(SNAPSHOT);
    if (keepOldAsGood && Files.exists(snapshot)) {
      keepAsGood(snapshot);
    }
    ops.rename(snapshotTmp, snapshot);
    ops.forceDirectory(path);
    Path journalPath = path.resolve(JOURNAL);
    if (Files.exists(journalPath)) {
      ops.rename(journalPath, path.resolve(PREVIOUS_JOURNAL));
    }
    ops.rename(journalTmp, journalPath);
    ops.forceDirectory(path);
    if (journal != null) {
      retired.add(journal);
    }
    journal = FileChannel.open(journalPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
    journalKey = fileKey(journalPath);
    journalEnd = journal.size();
    allocated = journalEnd;
    snapshotBytes = snapshotLength;
  }

  private static Map<String, Journal.Slice> encodedRecords(Map<ResourceKey, Entry> entries) {
    Map<String, Journal.Slice> records = new LinkedHashMap<>();
    entries.forEach((key, entry) -> {
      Journal.Slice json = entry.undecodedJson(); // a record never decoded is written back as it was read
      if (json == null) {
        byte[] encoded = RecordCodec.encodeBytes(new RecordCodec.Entry(entry.record(), entry.history()));
        json = new Journal.Slice(encoded, 0, encoded.length);
      }
      records.put(key.toString(), json);
    });
    return records;
  }

  /** A new temp name for {@code name} in the state directory; leftovers of a crash are removed under the lock. */
  private Path tempBeside(String name) {
    return path.resolve(name + ".tmp-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** Writes {@code bytes} to a new temp file beside {@code name}, forced to disk. */
  private Path writeTemp(String name, byte[] bytes) throws IOException {
    Path tmp = tempBeside(name);
    try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE_ATTR)) {
      ops.write(channel, ByteBuffer.wrap(bytes), 0);
      ops.force(channel);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  /**
   * Makes {@code snapshot} the last good copy: a hard link to it under a temp name, renamed over
   * the old copy, so nothing is copied; the snapshot itself is only ever replaced by rename, never
   * changed in place. Where the file system has no hard links, the bytes are copied.
   */
  private void keepAsGood(Path snapshot) throws IOException {
    Path good = path.resolve(GOOD);
    Path tmp = tempBeside(GOOD);
    try {
      ops.link(snapshot, tmp);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("Could not link {} as the last good copy ({}); copying it", snapshot, e.toString());
      Files.deleteIfExists(tmp);
      writeDurably(good, Files.readAllBytes(snapshot));
      return;
    }
    try {
      ops.rename(tmp, good);
      ops.forceDirectory(path);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Atomically replaces {@code target} with {@code bytes}: temp file, fsync, rename, fsync of the directory. */
  private void writeDurably(Path target, byte[] bytes) throws IOException {
    Path tmp = writeTemp(target.getFileName().toString(), bytes);
    try {
      ops.rename(tmp, target);
      ops.forceDirectory(path);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void prepareDirectory(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another process created it first
      }
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " exists but is not a directory");
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
    if (!mode.equals(DIR_MODE)) {
      LOG.warn("State directory {} had mode {}; setting it to rwx------", dir, PosixFilePermissions.toString(mode));
      Files.setPosixFilePermissions(dir, DIR_MODE);
    }
  }

  /** Removes temp files of writes interrupted by a crash; only under the lock, when no one writes. */
  private void removeLeftovers() throws IOException {
    try (var stream = Files.newDirectoryStream(path, "*.tmp-*")) {
      for (Path leftover : stream) {
        LOG.info("Removing {}, left by a write that was interrupted", leftover);
        Files.deleteIfExists(leftover);
      }
    }
  }

  private static void fixModes(Path... files) throws IOException {
    for (Path file : files) {
      if (Files.exists(file)) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (!mode.equals(FILE_MODE)) {
          LOG.warn("State file {} had mode {}, readable or writable by others; setting it to rw-------", file,
              PosixFilePermissions.toString(mode));
          Files.setPosixFilePermissions(file, EnumSet.copyOf(FILE_MODE));
        }
      }
    }
  }

  private static void checkMode(Path file, Set<PosixFilePermission> expected, List<String> problems) throws IOException {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
    if (!mode.equals(expected)) {
      problems.add(file + " has mode " + PosixFilePermissions.toString(mode) + ", expected " + PosixFilePermissions.toString(expected));
    }
  }

  private static Object fileKey(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("Closing a journal channel", e);
      }
    }
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof NoSuchFileException) {
      return "no such file: " + message;
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + message;
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
