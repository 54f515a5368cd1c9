package dev.steward;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers what Steward believes and did. Every state change goes through the record's lifecycle
 * table and is refused when the table does not allow it; a change returns only once it is stored
 * as durably as the store promises.
 *
 * <p>Implementations must be thread-safe.
 */
public interface StateStore extends AutoCloseable {
  Optional<ResourceRecord> find(ResourceKey key);

  /** The record, or a {@link RecordNotFoundException}. */
  default ResourceRecord get(ResourceKey key) {
    return find(key).orElseThrow(() -> new RecordNotFoundException(key));
  }

  /** Every record, ordered by key. */
  List<ResourceRecord> list();

  /**
   * Creates a record in the initial state of the named lifecycle.
   *
   * @throws RecordExistsException when the key is taken
   * @throws UnknownLifecycleException when the store knows no lifecycle of that name
   */
  ResourceRecord create(ResourceKey key, String lifecycle, Optional<Spec> spec, String reason);

  /**
   * Moves a record to {@code state}. Moving to the state it is in only updates the reason.
   *
   * @throws dev.steward.IllegalTransitionException when the lifecycle does not allow it
   */
  ResourceRecord transition(ResourceKey key, String state, String reason);

  /** Sets (merges) attributes; an empty value removes an attribute. */
  ResourceRecord updateAttributes(ResourceKey key, Map<String, String> attributes);

  ResourceRecord updateSpec(ResourceKey key, Spec spec);

  /** Counts one more failure with its type and message. */
  ResourceRecord recordFailure(ResourceKey key, String errorType, String errorMessage);

  /** Forgets the failure bookkeeping, e.g. before a retry. */
  ResourceRecord resetFailures(ResourceKey key);

  /**
   * Marks the named stage of a record as done now. Marking it again keeps the first time and
   * writes nothing.
   */
  ResourceRecord checkpoint(ResourceKey key, String stage);

  /**
   * Marks the named stage done and moves the record to {@code state} in the same commit (a pipeline
   * stage is one call): {@code checkpoint(key, "STAGED", "STAGED", "copied to staging")}. Marking a
   * stage again keeps its first time; moving to the state the record is in only updates the reason.
   *
   * @throws IllegalTransitionException when the lifecycle does not allow the move; nothing was written
   */
  ResourceRecord checkpoint(ResourceKey key, String stage, String state, String reason);

  /**
   * The record's last transitions, oldest first, its creation included while it is among them.
   * How many are kept is {@link CoreSettings#HISTORY_LIMIT}.
   *
   * @throws RecordNotFoundException when there is no such record
   */
  List<Transition> history(ResourceKey key);

  /** Forgets the record. Returns false when there was none. */
  boolean delete(ResourceKey key);

  /**
   * Writes what an observation saw and remembers what changed since the last one: the store's
   * change feed. Each sighting, in order:
   *
   * <ul>
   *   <li>{@link Sighting#present present}: a resource without a record gets one (its lifecycle's
   *       initial state, then the sighting's) and an ADDED change; one with a record has its
   *       attributes replaced by the fields, and a CHANGED change names each field that differs
   *       with its old and new value (none when nothing differs: nothing is written);
   *   <li>{@link Sighting#gone gone}: a REMOVED change with the last values; the record stays, in
   *       the sighting's state, while the change is kept, and the first {@code gone} after that
   *       deletes it;
   *   <li>{@link Sighting#unseen unseen}: only the record's state and reason (not seen is not gone).
   * </ul>
   *
   * A record and its change are stored together: a crash keeps both or neither. The whole list is
   * written as one durable round where the store can (the file store: one fsync). How many changes
   * each resource keeps, and for how long, is {@link CoreSettings#CHANGE_LIMIT} and {@link
   * CoreSettings#CHANGE_RETENTION}.
   *
   * @return the changes recorded, in the sightings' order
   * @throws IllegalTransitionException when a sighting's state is not allowed from its record's;
   *     nothing was written
   * @throws UnknownLifecycleException when a record is to be made in a lifecycle the store does not
   *     know; nothing was written
   * @throws IllegalArgumentException when two sightings name one resource, or a record follows
   *     another lifecycle than its sighting names; nothing was written
   */
  List<ResourceChange> observe(List<Sighting> sightings);

  /**
   * The kept changes {@code query} asks for, oldest first (then by key), at most the newest {@link
   * ChangeQuery#limit()} of them.
   */
  List<ResourceChange> changes(ChangeQuery query);

  /**
   * The id of this state's lineage: fixed when the state was first made, and taken from the
   * document by an {@link #importState import}. Two stores of one lineage hold copies of one state;
   * an import of another lineage is refused unless forced.
   *
   * @throws UnsupportedStoreOperationException when the store keeps no lineage (the memory store)
   */
  default String lineage() {
    throw new UnsupportedStoreOperationException(getClass(), "tell its lineage");
  }

  /**
   * A number that grows with every committed change (by one in the file store; by at least one in
   * the postgres store, whose writers do not wait for each other to number their changes): of two
   * copies of one lineage, the one with the larger serial is newer.
   *
   * @throws UnsupportedStoreOperationException when the store keeps no serial (the memory store)
   */
  default long serial() {
    throw new UnsupportedStoreOperationException(getClass(), "tell its serial");
  }

  /**
   * Writes the whole state to {@code out} (not closed) as one JSON document: its lineage, its serial
   * and every record with its history, failures, checkpoints and kept changes. Every store that can
   * writes the same format, the file store's snapshot of the current schema, so a document one store
   * exported imports into any other. What it holds is one consistent moment of the state.
   *
   * @throws UnsupportedStoreOperationException when the store cannot (the memory store)
   * @throws IOException when writing to {@code out} fails
   */
  default void exportState(OutputStream out) throws IOException {
    throw new UnsupportedStoreOperationException(getClass(), "export its state");
  }

  /**
   * Replaces the whole state with the document {@code in} holds (read to its end, not closed), as
   * {@link #exportState} writes it, of any schema version the file store reads. The document is
   * checked whole first; the replacement is all or nothing: a failed import leaves the old state.
   *
   * <p>A store nothing was ever committed to takes any document. Importing a copy of the current
   * state (same lineage, serial and records) changes nothing. Otherwise, without {@code force}, a
   * document of another lineage, an older serial, or the same serial with other records is refused.
   * A newer copy of this lineage is taken with its serial; a forced one gets a serial one more than
   * the larger of the two, and the store takes the document's lineage.
   *
   * @throws dev.steward.store.ImportRefusedException when refused, or when the document is not a
   *     valid state (even with {@code force}); nothing was changed
   * @throws dev.steward.migration.UnsupportedSchemaVersionException for a newer schema; nothing was changed
   * @throws UnsupportedStoreOperationException when the store cannot (the memory store)
   * @throws IOException when reading {@code in} fails; nothing was changed
   */
  default void importState(InputStream in, boolean force) throws IOException {
    throw new UnsupportedStoreOperationException(getClass(), "import a state");
  }

  @Override
  default void close() {}
}
