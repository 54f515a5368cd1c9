package dev.steward;

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
   * The record's last transitions, oldest first, its creation included while it is among them.
   * How many are kept is {@link CoreSettings#HISTORY_LIMIT}.
   *
   * @throws RecordNotFoundException when there is no such record
   */
  List<Transition> history(ResourceKey key);

  /** Forgets the record. Returns false when there was none. */
  boolean delete(ResourceKey key);

  @Override
  default void close() {}
}
