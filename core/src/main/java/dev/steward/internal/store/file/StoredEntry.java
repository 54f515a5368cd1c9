package dev.steward.internal.store.file;

import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StewardException;
import dev.steward.Transition;
import dev.steward.store.StoreCorruptedException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record and its recent transitions, as stored together. An entry read from a snapshot or a
 * journal line in the store's own layout keeps the record's JSON and decodes it on first use:
 * opening a large store then costs a checksum and a scan, not 100,000 decodes, and records that
 * are never looked at, or that a later journal line replaces, are never decoded. Immutable and
 * thread-safe (decoding twice at once gives equal results). Public only so that
 * {@link dev.steward.store.FileStateStore} can make and read entries; not exported.
 */
public final class StoredEntry {
  private final ResourceKey key;
  private volatile byte[] json; // until decoded: the record is json[offset, offset + length)
  private final int offset;
  private final int length;
  private volatile ResourceRecord record;
  private volatile List<Transition> history;
  private volatile List<ResourceChange> changes;

  public StoredEntry(ResourceRecord record, List<Transition> history) {
    this(record, history, List.of());
  }

  /** A record with its history and its kept changes (see {@link dev.steward.StateStore#observe}). */
  public StoredEntry(ResourceRecord record, List<Transition> history, List<ResourceChange> changes) {
    this.record = Objects.requireNonNull(record, "record");
    this.key = record.key();
    this.history = history instanceof RawHistory ? history : List.copyOf(history);
    this.changes = List.copyOf(changes);
    this.offset = 0;
    this.length = 0;
  }

  private StoredEntry(ResourceKey key, byte[] json, int offset, int length) {
    this.key = key;
    this.json = json;
    this.offset = offset;
    this.length = length;
  }

  /** An entry whose record is decoded from a copy of {@code bytes[offset, offset + length)} on first use. */
  static StoredEntry undecoded(ResourceKey key, byte[] bytes, int offset, int length) {
    return new StoredEntry(key, Arrays.copyOfRange(bytes, offset, offset + length), 0, length);
  }

  /**
   * An entry whose record is decoded from {@code bytes[offset, offset + length)} on first use,
   * without a copy: {@code bytes} (a snapshot read whole, about the size of all records together)
   * stays in memory until every entry that shares it was decoded or replaced.
   */
  static StoredEntry sharing(ResourceKey key, byte[] bytes, int offset, int length) {
    return new StoredEntry(key, bytes, offset, length);
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

  /** The record's kept changes, oldest first. */
  public List<ResourceChange> changes() {
    List<ResourceChange> c = changes;
    if (c == null) {
      decode();
      c = changes;
    }
    return c;
  }

  private static final byte[] CHANGES_FIELD = "\"changes\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * False when the record surely keeps no changes, without decoding it: the change feed's query
   * then skips the many records (nodes, jobs) that never keep any. The field's name followed by
   * an array cannot occur inside a string of compact JSON, where its quotes would be escaped.
   */
  public boolean mayHaveChanges() {
    byte[] bytes = json;
    int from = offset;
    int to = offset + length;
    if (bytes == null || record != null) {
      return !changes().isEmpty();
    }
    outer:
    for (int i = from; i <= to - CHANGES_FIELD.length; i++) {
      for (int j = 0; j < CHANGES_FIELD.length; j++) {
        if (bytes[i + j] != CHANGES_FIELD[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** The same history and changes with a new version of the record. */
  public StoredEntry with(ResourceRecord next) {
    return new StoredEntry(next, history(), changes());
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
    changes = decoded.changes();
    record = decoded.record();
    json = null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredEntry && ((StoredEntry) o).record().equals(record()) && ((StoredEntry) o).history().equals(history())
        && ((StoredEntry) o).changes().equals(changes());
  }

  @Override
  public int hashCode() {
    return record().hashCode() * 31 + history().hashCode();
  }

  @Override
  public String toString() {
    return "StoredEntry[" + record() + ", " + history() + ", " + changes() + "]";
  }
}
