package dev.steward.reconcile;

import dev.steward.ResourceKey;
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
 * {@link Kind} says ({@link Kind#statusItem}); records of no given kind are left out, and items of
 * other kinds that someone else put in the publisher (the runner's {@code leader}) are kept.
 *
 * <p>Item ids are the listener's, not the kind's, since a name is unique only within a kind and a
 * host: a record of the first kind on this machine shows under its name ({@code web-1}), as people
 * know it; any other is qualified by its kind and, off this machine, its host ({@code
 * ticket/web-1}, {@code web-1@db1}). Thread-safe.
 */
public final class StatusListener implements ReconcileListener {
  private final StatusPublisher publisher;
  private final StateStore store;
  private final Map<String, Kind> kinds = new HashMap<>();
  private final String primary;

  /** @param kinds the kinds whose records to show, as given to the reconciler */
  public StatusListener(StatusPublisher publisher, StateStore store, List<? extends Kind> kinds) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.store = Objects.requireNonNull(store, "store");
    for (Kind kind : kinds) {
      kind.resourceKinds().forEach(resourceKind -> this.kinds.put(resourceKind, kind));
    }
    this.primary = kinds.isEmpty() ? "" : kinds.get(0).id();
  }

  @Override
  public void recordChanged(Optional<ResourceRecord> before, Optional<ResourceRecord> after) {
    if (after.isPresent()) {
      item(after.get()).ifPresentOrElse(publisher::put, () -> publisher.remove(id(after.get().key())));
    } else {
      before.ifPresent(record -> publisher.remove(id(record.key())));
    }
  }

  /** The status item id of {@code key}: see the class comment. */
  String id(ResourceKey key) {
    String id = key.kind().equals(primary) ? key.name() : key.kind() + "/" + key.name();
    return key.isLocal() ? id : id + "@" + key.host();
  }

  @Override
  public void passFinished(PassReport report) {
    List<StatusItem> items = new ArrayList<>();
    for (ResourceRecord record : store.list()) {
      item(record).ifPresent(items::add);
    }
    // Items of other kinds are someone else's to keep (the runner's leader item, say).
    publisher.snapshot().items().stream().filter(item -> !kinds.containsKey(item.kind())).forEach(items::add);
    publisher.replaceAll(items);
  }

  private Optional<StatusItem> item(ResourceRecord record) {
    Kind kind = kinds.get(record.key().kind());
    if (kind == null || !kind.owns(record)) {
      return Optional.empty();
    }
    return kind.statusItem(record).map(item -> new StatusItem(id(record.key()), item.kind(), item.state(), item.reason(),
        item.attributes(), item.createdAt(), item.updatedAt()));
  }
}
