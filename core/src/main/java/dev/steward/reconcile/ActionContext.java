package dev.steward.reconcile;

import dev.steward.ActionType;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StateStore;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Kind} acts with: the store, the clock, and record changes that the loop's listeners
 * hear about. Every change of state goes through {@link #move} (or {@link #created} and {@link
 * #deleted} for records made or dropped), so live status and pass listeners see each one.
 * Thread-safe.
 */
public final class ActionContext {
  private final StateStore store;
  private final Clock clock;
  private final ReconcileListener listener;

  ActionContext(StateStore store, Clock clock, ReconcileListener listener) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  public StateStore store() {
    return store;
  }

  public Clock clock() {
    return clock;
  }

  /** Moves {@code record} to {@code state} and tells the listeners when its state changed. */
  public ResourceRecord move(ResourceRecord record, String state, String reason) {
    ResourceRecord after = store.transition(record.key(), state, reason);
    if (!after.state().equals(record.state())) {
      changed(Optional.of(record), Optional.of(after));
    }
    return after;
  }

  /**
   * Writes the intent before the act: the record's {@link RecordAttributes#PENDING_ACTION} names
   * {@code type}, so a plan after a crash knows what was under way and finishes it.
   */
  public void intend(ResourceKey key, ActionType type) {
    store.updateAttributes(key, Map.of(RecordAttributes.PENDING_ACTION, type.name()));
  }

  /** Tells the listeners that {@code record} was created. */
  public void created(ResourceRecord record) {
    changed(Optional.empty(), Optional.of(record));
  }

  /** Tells the listeners that {@code record} was deleted. */
  public void deleted(ResourceRecord record) {
    changed(Optional.of(record), Optional.empty());
  }

  void changed(Optional<ResourceRecord> before, Optional<ResourceRecord> after) {
    ListenerLog.tell(() -> listener.recordChanged(before, after));
  }
}
