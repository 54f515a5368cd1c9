package dev.steward.proxmox;

import dev.steward.ChangeQuery;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Sighting;
import dev.steward.StateStore;
import dev.steward.proxmox.internal.InventoryPlan;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Proxmox VE cluster's inventory in a {@link StateStore}, with the history of every change: each
 * {@link #sync} discovers the cluster and writes what it saw with {@link StateStore#observe}, which
 * records per resource whether it was added, removed, or which fields changed, old and new value,
 * and when. Read them back with {@link StateStore#changes}, e.g. {@code
 * changes(ChangeQuery.all().kind(ProxmoxResources.KIND_QEMU).since(yesterday))}.
 *
 * <p>Records are keyed {@code KIND/NAME@CLUSTER}: {@code pve-node/pve1@C}, {@code pve-qemu/100@C},
 * {@code pve-lxc/200@C}, {@code pve-storage/pve1:local@C}, {@code pve-task/UPID:...@C}, where C is
 * the {@linkplain #of cluster's name}, so a guest that moves keeps its key and its change names
 * the new {@code node}. They follow the {@code inventory} lifecycle: PRESENT, UNKNOWN when the
 * discovery could not see them (their node is down: not seen is not gone), REMOVED when it saw
 * them gone. A discovery that fails as a whole writes nothing; one that fails in part marks only
 * what it read as gone. See {@link dev.steward.proxmox.internal.InventoryPlan} for the rules.
 *
 * <p>Thread-safe as far as its store is; syncs of one cluster should not overlap.
 */
public final class ProxmoxInventory {
  private final ProxmoxDiscovery discovery;
  private final StateStore store;
  private final String cluster;
  private final Clock clock;
  private final Duration taskRetention;

  private ProxmoxInventory(ProxmoxDiscovery discovery, StateStore store, String cluster, Clock clock, Duration taskRetention) {
    this.discovery = Objects.requireNonNull(discovery, "discovery");
    this.store = Objects.requireNonNull(store, "store");
    this.cluster = ResourceKey.of(ProxmoxResources.KIND_NODE, "x", cluster).host(); // checks the name
    this.clock = Objects.requireNonNull(clock, "clock");
    this.taskRetention = Objects.requireNonNull(taskRetention, "taskRetention");
  }

  /**
   * The inventory of the cluster {@code discovery} reads, named by its API's host (the name does
   * not depend on what a discovery returns, so keys stay the same), keeping task records for
   * {@code taskRetention} after they started.
   */
  public static ProxmoxInventory of(ProxmoxDiscovery discovery, StateStore store, Clock clock, Duration taskRetention) {
    return named(clusterOf(discovery.client().config().server()), discovery, store, clock, taskRetention);
  }

  /** The inventory under an explicit cluster name (the host part of its keys). */
  public static ProxmoxInventory named(String cluster, ProxmoxDiscovery discovery, StateStore store, Clock clock,
      Duration taskRetention) {
    return new ProxmoxInventory(discovery, store, cluster, clock, taskRetention);
  }

  /** The cluster name for an API at {@code server} ({@code https://pve1.lan:8006} gives {@code pve1.lan}). */
  public static String clusterOf(String server) {
    String host = URI.create(server).getHost();
    if (host == null) {
      throw new IllegalArgumentException("'" + server + "' names no host");
    }
    return host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
  }

  public String cluster() {
    return cluster;
  }

  /**
   * Discovers the cluster with {@code options} and writes what it saw. Tasks are asked for from
   * the start of the oldest task the inventory holds as running, else of its newest task, unless
   * {@code options} asks for a start of its own.
   *
   * @throws ProxmoxException when the cluster cannot be read at all; nothing was written
   */
  public InventorySync sync(DiscoveryOptions options) {
    Instant started = clock.instant();
    List<ResourceRecord> stored = records();
    DiscoveryOptions asked = options;
    if (options.tasksSince().isEmpty()) {
      Optional<Instant> since = InventoryPlan.tasksSince(stored);
      if (since.isPresent()) {
        asked = options.withTasksSince(since.get());
      }
    }
    DiscoveryResult result = discovery.discover(asked);
    InventoryPlan.Plan plan = InventoryPlan.of(result, cluster, stored, clock.instant(), taskRetention, asked.nodes());
    List<ResourceChange> changes = store.observe(plan.sightings());
    plan.forget().forEach(store::delete);
    Map<ResourceKey, String> unseen = new TreeMap<>();
    for (Sighting s : plan.sightings()) {
      if (!s.gone() && s.fields().isEmpty()) {
        unseen.put(s.key(), s.reason());
      }
    }
    return new InventorySync(cluster, started, Duration.between(started, clock.instant()), changes, unseen, plan.forget().size(),
        result.failures(), result.requests());
  }

  /** The inventory's records of this cluster, by key. */
  public List<ResourceRecord> records() {
    return store.list().stream().filter(r -> r.key().host().equals(cluster) && KINDS.contains(r.key().kind())).toList();
  }

  /** The changes of this cluster's resources that {@code query} asks for. */
  public List<ResourceChange> changes(ChangeQuery query) {
    return store.changes(query).stream().filter(c -> c.key().host().equals(cluster) && KINDS.contains(c.key().kind())).toList();
  }

  /** The kinds of the inventory's records. */
  public static final Set<String> KINDS = Set.of(ProxmoxResources.KIND_NODE, ProxmoxResources.KIND_QEMU, ProxmoxResources.KIND_LXC,
      ProxmoxResources.KIND_STORAGE, ProxmoxResources.KIND_TASK);
}
