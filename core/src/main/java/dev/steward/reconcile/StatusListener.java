package dev.steward.reconcile;

import dev.steward.ResourceRecord;
import dev.steward.StateStore;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusPublisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Shows a loop's resources in a {@link StatusPublisher}: every record change at once, and the whole
 * set after each pass (so resources gone for good leave the status). Each record shows as its
 * {@link Kind} says ({@link Kind#statusItem}); records of no given kind are left out. Thread-safe.
 */
public final class StatusListener implements ReconcileListener {
  private final StatusPublisher publisher;
  private final StateStore store;
  private final Map<String, Kind> kinds = new HashMap<>();

  /** @param kinds the kinds whose records to show, as given to the reconciler */
  public StatusListener(StatusPublisher publisher, StateStore store, List<? extends Kind> kinds) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.store = Objects.requireNonNull(store, "store");
    for (Kind kind : kinds) {
      kind.resourceKinds().forEach(resourceKind -> this.kinds.put(resourceKind, kind));
    }
  }

  @Override
  public void recordChanged(Optional<ResourceRecord> before, Optional<ResourceRecord> after) {
    if (after.isPresent()) {
      item(after.get()).ifPresentOrElse(publisher::put, () -> publisher.remove(after.get().key().name()));
    } else {
      before.ifPresent(record -> publisher.remove(record.key().name()));
    }
  }

  @Override
  public void passFinished(PassReport report) {
    List<StatusItem> items = new ArrayList<>();
    for (ResourceRecord record : store.list()) {
      item(record).ifPresent(items::add);
    }
    publisher.replaceAll(items);
  }

  private Optional<StatusItem> item(ResourceRecord record) {
    Kind kind = kinds.get(record.key().kind());
    return kind == null ? Optional.empty() : kind.statusItem(record);
  }
}
