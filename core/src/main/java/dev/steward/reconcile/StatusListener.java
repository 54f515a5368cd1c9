package dev.steward.reconcile;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StateStore;
import dev.steward.lifecycle.NodeLifecycle;
import dev.steward.plan.DesiredFleet;
import dev.steward.plan.NodeAttributes;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Shows a reconciler's nodes in a {@link StatusPublisher}: every record change at once, and the
 * whole set after each pass (so nodes removed for good leave the status). A node's item has its
 * name as id, kind {@code node}, its lifecycle state, its record's reason unless it is RUNNING
 * (healthy nodes have none), and {@code local} ({@code 127.0.0.1:PORT}), {@code pid} and {@code
 * version} attributes. Thread-safe.
 */
public final class StatusListener implements ReconcileListener {
  private final StatusPublisher publisher;
  private final StateStore store;

  public StatusListener(StatusPublisher publisher, StateStore store) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.store = Objects.requireNonNull(store, "store");
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

  static Optional<StatusItem> item(ResourceRecord record) {
    ResourceKey key = record.key();
    if (!key.kind().equals(DesiredFleet.NODE_KIND) || record.state().equals(NodeLifecycle.REMOVED)) {
      return Optional.empty();
    }
    Map<String, String> attributes = new TreeMap<>();
    record.attribute(NodeAttributes.PORT).filter(p -> !p.isEmpty()).ifPresent(p -> attributes.put("local", "127.0.0.1:" + p));
    record.attribute(NodeAttributes.PID).filter(p -> !p.isEmpty()).ifPresent(p -> attributes.put("pid", p));
    record.spec().flatMap(s -> s.property(dev.steward.ProcessSpec.VERSION)).ifPresent(v -> attributes.put("version", v));
    if (!key.isLocal()) {
      attributes.put("host", key.host());
    }
    String reason = record.state().equals(NodeLifecycle.RUNNING) ? "" : record.reason();
    return Optional.of(new StatusItem(key.name(), key.kind(), record.state(), reason, attributes,
        record.createdAt(), record.updatedAt()));
  }
}
