package dev.steward.node;

import dev.steward.NodeLifecycle;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fleet's count set by hand ({@code add-node}, {@code remove-node}), kept in the store as the
 * record {@code fleet/NAME@HOST} (lifecycle {@code fleet}), so every instance that shares the
 * store and every later pass plans with it. It holds while the fleet's own count (from its fleet
 * file) stays what it was when the count was set: change the file's count and the file wins again.
 */
public final class ManualScale {
  /** The kind of the record that keeps a manual count. */
  public static final String KIND = "fleet";
  /** The count set by hand. */
  public static final String COUNT = "count";
  /** The fleet's own count when it was set. */
  public static final String BASED_ON = "based-on";

  private ManualScale() {}

  /** The record key of {@code fleet}'s manual count. */
  public static ResourceKey key(DesiredFleet fleet) {
    return ResourceKey.of(KIND, fleet.name(), fleet.host());
  }

  /** The count {@code fleet} is kept at: the manual one while it holds, else the fleet's own. */
  public static int count(StateStore store, DesiredFleet fleet) {
    return manual(store.find(key(fleet)), fleet).orElse(fleet.count());
  }

  /** {@code fleets}, each with the count it is kept at. */
  public static List<DesiredFleet> apply(StateStore store, List<DesiredFleet> fleets) {
    List<DesiredFleet> kept = new ArrayList<>(fleets.size());
    for (DesiredFleet fleet : fleets) {
      int count = count(store, fleet);
      kept.add(count == fleet.count() ? fleet : withCount(fleet, count));
    }
    return kept;
  }

  /** {@code fleet} wanting {@code count} nodes. */
  public static DesiredFleet withCount(DesiredFleet fleet, int count) {
    return new DesiredFleet(fleet.name(), fleet.host(), count, fleet.version(), fleet.template(), fleet.basePort(),
        fleet.options());
  }

  /** Keeps {@code fleet} at {@code count} from now on, in {@code store}; returns the record. */
  public static ResourceRecord set(StateStore store, DesiredFleet fleet, int count, String reason) {
    if (count < 0) {
      throw new IllegalArgumentException("A fleet's count is 0 or more, got " + count);
    }
    ResourceKey key = key(fleet);
    if (store.find(key).isEmpty()) {
      store.create(key, NodeLifecycle.FLEET_LIFECYCLE.name(), Optional.empty(), reason);
    }
    store.transition(key, NodeLifecycle.SCALED, reason);
    return store.updateAttributes(key, Map.of(COUNT, Integer.toString(count), BASED_ON, Integer.toString(fleet.count())));
  }

  private static Optional<Integer> manual(Optional<ResourceRecord> record, DesiredFleet fleet) {
    if (record.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> basedOn = record.get().attribute(BASED_ON);
    if (basedOn.isEmpty() || !basedOn.get().equals(Integer.toString(fleet.count()))) {
      return Optional.empty();
    }
    try {
      return record.get().attribute(COUNT).map(Integer::parseInt).filter(n -> n >= 0);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
