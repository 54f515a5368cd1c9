package dev.steward.proxmox;

import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one {@link ProxmoxInventory#sync} did.
 *
 * @param cluster the cluster's name, the host of the inventory's keys
 * @param startedAt when it started
 * @param took how long it took, discovery and writes
 * @param changes the changes it recorded, by key
 * @param unseen the resources it could not see (now UNKNOWN), each with why
 * @param tasksForgotten task records deleted because they started longer ago than the retention
 * @param failures the reads that failed
 * @param requests the requests the discovery sent
 */
public record InventorySync(String cluster, Instant startedAt, Duration took, List<ResourceChange> changes,
    Map<ResourceKey, String> unseen, int tasksForgotten, List<DiscoveryFailure> failures, ClientStats requests) {
  public InventorySync {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(took, "took");
    changes = List.copyOf(changes);
    unseen = Collections.unmodifiableMap(new TreeMap<>(unseen));
    failures = List.copyOf(failures);
    Objects.requireNonNull(requests, "requests");
  }

  /** How many changes of {@code type} it recorded. */
  public long count(ResourceChange.Type type) {
    return changes.stream().filter(c -> c.type() == type).count();
  }
}
