package dev.steward.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ChangeQuery;
import dev.steward.CoreSettings;
import dev.steward.Failures;
import dev.steward.RecordExistsException;
import dev.steward.RecordNotFoundException;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.Sighting;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.Transition;
import dev.steward.internal.store.Attributes;
import dev.steward.internal.store.ChangeFeed;
import dev.steward.internal.store.file.FileOps;
import dev.steward.internal.store.file.StateDirectory;
import dev.steward.internal.store.file.StoredEntry;
import dev.steward.Lifecycle;
import dev.steward.Lifecycles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code file} state store: a directory with a readable JSON snapshot ({@code state.json}), an
 * append-only checksummed journal ({@code journal.log}), the last good snapshot and journal before
 * the current ones ({@code state.json.good}, {@code journal.log.prev}) and a lock file.
 *
 * <p>A commit appends one journal line and returns once it is on disk (group commit: threads that
 * commit together share one fsync), so its cost does not grow with the number of records. The
 * journal is folded into a new snapshot when it outgrows the snapshot. Writers in several
 * processes serialize through an OS lock and read each other's lines before writing, so no update
 * is lost. Thread-safe.
 */
public final class FileStateStore implements StateStore {
  private final StateDirectory dir;
  private final ChangeFeed feed;
  private final Clock clock;

  private FileStateStore(StateDirectory dir, ChangeFeed feed, Clock clock) {
    this.dir = dir;
    this.feed = feed;
    this.clock = clock;
  }

  /**
   * Opens (creating if missing) the state directory named by {@link FileStoreSettings#DIRECTORY}.
   *
   * @throws StoreCorruptedException when neither the snapshot nor its last good copy can be read
   * @throws dev.steward.migration.UnsupportedSchemaVersionException for a newer schema (nothing changed)
   * @throws StoreLockedException when another process holds the lock past the timeout
   */
  public static FileStateStore open(Settings settings) {
    return open(settings, FileOps.DURABLE);
  }

  /** Opens the store on the given I/O steps; tests inject failures with it. */
  static FileStateStore open(Settings settings, FileOps ops) {
    settings.validate(FileStoreSettings.all());
    Clock clock = settings.get(CoreSettings.CLOCK);
    Lifecycles lifecycles = settings.get(CoreSettings.LIFECYCLES);
    return new FileStateStore(StateDirectory.open(settings.get(FileStoreSettings.DIRECTORY), clock, lifecycles,
        settings.get(CoreSettings.HISTORY_LIMIT), settings.get(FileStoreSettings.LOCK_TIMEOUT),
        settings.get(FileStoreSettings.COMPACT_AFTER), ops), ChangeFeed.of(settings), clock);
  }

  /** The state directory. */
  public Path directory() {
    return dir.path();
  }

  /** The id fixed when the directory was created; an import from another lineage is refused. */
  @Override
  public String lineage() {
    return dir.lineage();
  }

  /** Grows by one with every commit. */
  @Override
  public long serial() {
    return dir.serial();
  }

  @Override
  public Optional<ResourceRecord> find(ResourceKey key) {
    return dir.read(entries -> Optional.ofNullable(entries.get(key)).map(StoredEntry::record));
  }

  @Override
  public List<ResourceRecord> list() {
    return dir.read(entries -> {
      List<ResourceRecord> all = new ArrayList<>(entries.size());
      entries.values().forEach(e -> all.add(e.record()));
      return List.copyOf(all);
    });
  }

  @Override
  public ResourceRecord create(ResourceKey key, String lifecycle, Optional<Spec> spec, String reason) {
    Lifecycle table = dir.lifecycles().get(lifecycle);
    return dir.commit(key, (current, now) -> {
      if (current != null) {
        throw new RecordExistsException(current.record());
      }
      ResourceRecord record = new ResourceRecord(key, table.name(), table.initialState(), reason, spec, Map.of(), now, now,
          Failures.none(), Map.of(), 1);
      return new StoredEntry(record, List.of(new Transition(Optional.empty(), record.state(), reason, now)));
    });
  }

  @Override
  public ResourceRecord transition(ResourceKey key, String state, String reason) {
    return dir.commit(key, (current, now) -> {
      ResourceRecord record = require(key, current);
      dir.lifecycles().get(record.lifecycle()).check(key, record.state(), state);
      if (record.state().equals(state) && record.reason().equals(reason)) {
        return current;
      }
      ResourceRecord next = record.withState(state, reason, now);
      List<Transition> history = current.history();
      if (!record.state().equals(state)) {
        history = dir.appendHistory(key, history, new Transition(Optional.of(record.state()), state, reason, next.updatedAt()));
      }
      return new StoredEntry(next, history);
    });
  }

  @Override
  public ResourceRecord updateAttributes(ResourceKey key, Map<String, String> attributes) {
    Map<String, String> changes = Map.copyOf(attributes);
    return dir.commit(key, (current, now) -> {
      ResourceRecord record = require(key, current);
      ResourceRecord next = Attributes.merged(record, changes, now);
      return next == record ? current : current.with(next);
    });
  }

  @Override
  public ResourceRecord updateSpec(ResourceKey key, Spec spec) {
    return dir.commit(key, (current, now) -> {
      ResourceRecord record = require(key, current);
      return record.spec().equals(Optional.of(spec)) ? current : current.with(record.withSpec(spec, now));
    });
  }

  @Override
  public ResourceRecord recordFailure(ResourceKey key, String errorType, String errorMessage) {
    return dir.commit(key, (current, now) -> {
      ResourceRecord record = require(key, current);
      return current.with(record.withFailures(record.failures().plus(now, errorType, errorMessage), now));
    });
  }

  @Override
  public ResourceRecord resetFailures(ResourceKey key) {
    return dir.commit(key, (current, now) -> {
      ResourceRecord record = require(key, current);
      return record.failures().isFailing() ? current.with(record.withFailures(Failures.none(), now)) : current;
    });
  }

  @Override
  public ResourceRecord checkpoint(ResourceKey key, String stage) {
    ResourceRecord.requireStageName(stage);
    return dir.commit(key, (current, now) -> {
      ResourceRecord record = require(key, current);
      ResourceRecord next = record.withCheckpoint(stage, now);
      return next == record ? current : current.with(next);
    });
  }

  @Override
  public ResourceRecord checkpoint(ResourceKey key, String stage, String state, String reason) {
    ResourceRecord.requireStageName(stage);
    return dir.commit(key, (current, now) -> {
      ResourceRecord record = require(key, current);
      dir.lifecycles().get(record.lifecycle()).check(key, record.state(), state);
      ResourceRecord next = record.withCheckpointAndState(stage, state, reason, now);
      if (next == record) {
        return current;
      }
      List<Transition> history = current.history();
      if (!record.state().equals(state)) {
        history = dir.appendHistory(key, history, new Transition(Optional.of(record.state()), state, reason, next.updatedAt()));
      }
      return new StoredEntry(next, history, current.changes());
    });
  }

  @Override
  public List<Transition> history(ResourceKey key) {
    return dir.read(entries -> {
      StoredEntry entry = entries.get(key);
      if (entry == null) {
        throw new RecordNotFoundException(key);
      }
      return List.copyOf(entry.history()); // decoded here, under the lock, if it was kept as bytes
    });
  }

  @Override
  public boolean delete(ResourceKey key) {
    return dir.delete(key);
  }

  @Override
  public List<ResourceChange> observe(List<Sighting> sightings) {
    ChangeFeed.requireDistinct(sightings);
    // Refused before anything is written: each sighting is tried on the records as they are now.
    dir.read(entries -> {
      Instant now = clock.instant();
      for (Sighting s : sightings) {
        StoredEntry current = entries.get(s.key());
        feed.apply(current == null ? null : current.record(), current == null ? List.of() : current.changes(), s, dir.lifecycles(), now);
      }
      return null;
    });
    List<ResourceKey> keys = new ArrayList<>(sightings.size());
    List<StateDirectory.Change> changes = new ArrayList<>(sightings.size());
    ResourceChange[] made = new ResourceChange[sightings.size()];
    for (int i = 0; i < sightings.size(); i++) {
      Sighting sighting = sightings.get(i);
      int slot = i;
      keys.add(sighting.key());
      changes.add((current, now) -> {
        Optional<ChangeFeed.Outcome> outcome = feed.apply(current == null ? null : current.record(),
            current == null ? List.of() : current.changes(), sighting, dir.lifecycles(), now);
        if (outcome.isEmpty()) {
          return current;
        }
        made[slot] = outcome.get().change().orElse(null);
        if (outcome.get().deletes()) {
          return null;
        }
        List<Transition> history = current == null ? List.of() : current.history();
        for (Transition t : outcome.get().transitions()) {
          history = dir.appendHistory(sighting.key(), history, t);
        }
        return new StoredEntry(outcome.get().record(), history, outcome.get().changes());
      });
    }
    dir.commitAll(keys, changes);
    List<ResourceChange> recorded = new ArrayList<>();
    for (ResourceChange change : made) {
      if (change != null) {
        recorded.add(change);
      }
    }
    return List.copyOf(recorded);
  }

  @Override
  public List<ResourceChange> changes(ChangeQuery query) {
    return dir.read(entries -> {
      ChangeFeed.Collector collector = new ChangeFeed.Collector(feed, query, clock.instant());
      if (query.resource().isPresent()) {
        StoredEntry entry = entries.get(query.resource().get());
        if (entry != null) {
          collector.add(entry.changes());
        }
      } else {
        entries.forEach((key, entry) -> {
          if (query.covers(key) && entry.mayHaveChanges()) {
            collector.add(entry.changes());
          }
        });
      }
      return collector.result();
    });
  }

  /**
   * The whole state as a document of the current schema, as a Jackson tree. It predates the rule
   * that no Jackson type is in a public signature and is kept for its callers; prefer {@link
   * #exportState}, which writes the same document and which every store that can export offers.
   */
  public ObjectNode export() {
    return dir.export();
  }

  /**
   * Writes {@link #export()}'s document to {@code out}, under the directory's lock: one consistent
   * moment of the state.
   */
  @Override
  public void exportState(OutputStream out) throws IOException {
    dir.exportTo(out);
  }

  /**
   * Replaces the whole state with the document {@code in} holds, by the rules of {@link
   * #importDocument}: checked whole, then written as a new snapshot, or refused with nothing changed.
   */
  @Override
  public void importState(InputStream in, boolean force) throws IOException {
    dir.importFrom(in, force);
  }

  /**
   * Replaces the whole state with {@code document} (any known schema version). Like {@link
   * #export()} it takes a Jackson tree and is kept for its callers; prefer {@link #importState}.
   *
   * <p>A store nothing was ever committed to takes any document without {@code force}; importing
   * a copy of the current state (same lineage, serial and records) changes nothing. Otherwise the
   * store takes the document's lineage and its serial becomes one more than the larger of the two.
   *
   * @throws ImportRefusedException when it is of another lineage or not newer than the current
   *     state, unless {@code force}; and, even with {@code force}, when it is not a valid state
   *     (the message names what is wrong). Nothing was changed.
   * @throws dev.steward.migration.UnsupportedSchemaVersionException for a newer schema (nothing changed)
   */
  public void importDocument(JsonNode document, boolean force) {
    dir.importDocument(document, force);
  }

  /** Checks every file and checksum from disk; the report lists every problem found. */
  public VerifyReport verify() {
    return dir.verify();
  }

  /**
   * Checks the state directory named by {@link FileStoreSettings#DIRECTORY} as it is on disk,
   * without opening it: unlike {@link #open} it neither refuses a damaged journal nor repairs a
   * torn tail or an unusable snapshot, so the report shows what is really there. A directory that
   * does not exist is reported as a problem, not created.
   */
  public static VerifyReport verify(Settings settings) {
    settings.validate(FileStoreSettings.all());
    return StateDirectory.verifyWithoutOpening(settings.get(FileStoreSettings.DIRECTORY),
        settings.get(CoreSettings.LIFECYCLES), settings.get(FileStoreSettings.LOCK_TIMEOUT));
  }

  /**
   * Folds the journal into a new snapshot now, in the calling thread. The store does this by itself
   * in the background once the journal outgrows {@link FileStoreSettings#COMPACT_AFTER} and half the
   * snapshot.
   */
  public void compact() {
    dir.compactNow();
  }

  /** Waits for a background compaction under way to end; for tests that look at the files. */
  void awaitBackgroundWork() {
    dir.awaitBackgroundWork();
  }

  @Override
  public void close() {
    dir.close();
  }

  private static ResourceRecord require(ResourceKey key, StoredEntry current) {
    if (current == null) {
      throw new RecordNotFoundException(key);
    }
    return current.record();
  }
}
