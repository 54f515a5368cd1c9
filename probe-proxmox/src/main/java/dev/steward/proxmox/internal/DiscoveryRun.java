package dev.steward.proxmox.internal;

import dev.steward.proxmox.ClientStats;
import dev.steward.proxmox.ClusterNode;
import dev.steward.proxmox.ClusterResources;
import dev.steward.proxmox.ClusterStatus;
import dev.steward.proxmox.Coverage;
import dev.steward.proxmox.DiscoveryFailure;
import dev.steward.proxmox.DiscoveryOptions;
import dev.steward.proxmox.DiscoveryResult;
import dev.steward.proxmox.Guest;
import dev.steward.proxmox.GuestConfig;
import dev.steward.proxmox.GuestType;
import dev.steward.proxmox.LogWindow;
import dev.steward.proxmox.NodeStatus;
import dev.steward.proxmox.ProxmoxClient;
import dev.steward.proxmox.ProxmoxException;
import dev.steward.proxmox.PveVersion;
import dev.steward.proxmox.ResourceType;
import dev.steward.proxmox.StoragePool;
import dev.steward.proxmox.StorageState;
import dev.steward.proxmox.StorageVolume;
import dev.steward.proxmox.Task;
import dev.steward.proxmox.TaskLog;
import dev.steward.proxmox.TaskPage;
import dev.steward.proxmox.TaskQuery;
import dev.steward.proxmox.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One discovery, in four phases that each wait for the one before: the cluster-wide views; each
 * online node's own lists and the first page of its tasks; configs, storage content and the other
 * task pages; the logs of recently failed tasks. Reads run on as many threads as the client has
 * request slots; each failure is recorded and the others go on, except those that doom every read
 * (credentials, certificate), which end the run. {@link NodeModel} and {@link Inventory} assemble
 * what was read. Used once, by one thread.
 */
public final class DiscoveryRun {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryRun.class);
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final Comparator<Task> NEWEST_FIRST =
      Comparator.comparing(Task::startTime).reversed().thenComparing(t -> t.upid().text());

  private final ProxmoxClient client;
  private final ConfigCache configs;
  private final DiscoveryOptions options;
  private final Clock clock;
  private final List<DiscoveryFailure> failures = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<ProxmoxException> fatal = new AtomicReference<>();
  private ExecutorService pool;

  public DiscoveryRun(ProxmoxClient client, ConfigCache configs, DiscoveryOptions options) {
    this.client = client;
    this.configs = configs;
    this.options = options;
    this.clock = client.config().clock();
  }

  public DiscoveryResult run() {
    Instant started = clock.instant();
    ClientStats before = client.stats();
    int run = RUNS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    pool = Executors.newFixedThreadPool(client.config().maxConcurrency(), task -> {
      Thread thread = new Thread(task, "steward-proxmox-discovery-" + run + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      return discover(started, before);
    } finally {
      pool.shutdownNow();
    }
  }

  private DiscoveryResult discover(Instant started, ClientStats before) {
    // Phase 1: the cluster-wide views, one request each.
    CompletableFuture<Outcome<PveVersion>> version = read(ResourceType.NODES, null, "/version", client::version);
    CompletableFuture<Outcome<ClusterStatus>> status = read(ResourceType.NODES, null, "/cluster/status", client::clusterStatus);
    CompletableFuture<Outcome<ClusterResources>> resources =
        read(ResourceType.GUESTS, null, "/cluster/resources", client::clusterResources);
    CompletableFuture<Outcome<List<ClusterNode>>> nodeList = read(ResourceType.NODES, null, "/nodes", client::nodes);
    await(List.of(version, status, resources, nodeList));
    if (!status.join().ok() && !resources.join().ok() && !nodeList.join().ok()) {
      throw resources.join().failure().orElseThrow();
    }
    Optional<ClusterResources> view = resources.join().value();
    NodeModel nodes = new NodeModel(status.join().value(), view, nodeList.join().value(), options);
    nodes.unknownAsked().forEach(name -> failures.add(new DiscoveryFailure(ResourceType.NODES, Optional.of(name), Optional.empty(),
        ProxmoxException.Kind.PARAMETERS, name + " is not a node of this cluster; its nodes are " + String.join(", ", nodes.all()))));

    // Phase 2: each online node's own lists, and the first page of its tasks.
    NodeReads perNode = readNodes(nodes.online(), tasksSince(started));
    Inventory inventory = new Inventory(nodes);
    if (options.reads(ResourceType.GUESTS)) {
      inventory.guests(view, perNode.liveGuests());
    }
    if (options.reads(ResourceType.STORAGE)) {
      inventory.storages(view, values(perNode.storages()));
    }

    // Phase 3: configs, storage content, the other task pages.
    Map<Guest, CompletableFuture<Outcome<GuestConfig>>> configReads = readConfigs(inventory, started);
    Map<StoragePool, CompletableFuture<Outcome<List<StorageVolume>>>> contentReads = readContent(inventory);
    Map<String, List<CompletableFuture<Outcome<TaskPage>>>> pages = readOtherPages(perNode.firstPages(), tasksSince(started));
    List<CompletableFuture<?>> phase3 = new ArrayList<>(configReads.values());
    phase3.addAll(contentReads.values());
    pages.values().forEach(phase3::addAll);
    await(phase3);
    if (options.reads(ResourceType.GUEST_CONFIGS)) {
      inventory.configs(configs(configReads, inventory, started));
      if (view.isPresent() && options.nodes().isEmpty()) {
        configs.retainOnly(inventory.guestIds());
      }
    }
    if (options.reads(ResourceType.STORAGE_CONTENT)) {
      Map<StoragePool, List<StorageVolume>> content = new LinkedHashMap<>();
      contentReads.forEach((pool, outcome) -> outcome.join().value().ifPresent(volumes -> content.put(pool, volumes)));
      inventory.content(content);
    }
    if (options.reads(ResourceType.TASKS)) {
      collectTasks(inventory, perNode.firstPages(), pages, nodes.online());
    }

    // Phase 4: the logs of tasks that failed lately.
    if (options.reads(ResourceType.TASK_LOGS)) {
      readLogs(inventory, started);
    }

    Map<String, NodeStatus> statuses = values(perNode.statuses());
    List<DiscoveryFailure> failed;
    synchronized (failures) {
      failed = List.copyOf(failures);
    }
    Map<ResourceType, Coverage> coverage = new EnumMap<>(ResourceType.class);
    for (ResourceType type : options.types()) {
      coverage.put(type, inventory.coverage(type, statuses.keySet(), failed));
    }
    failed.forEach(f -> LOG.info("Proxmox discovery at {}: not read: {}", client.config().server(), f.describe()));
    return new DiscoveryResult(client.config().server(), started, clock.instant(), version.join().value(),
        status.join().value().flatMap(ClusterStatus::name), status.join().value().flatMap(ClusterStatus::quorate),
        nodes.result(statuses), inventory.guests(), inventory.storages(), inventory.volumes(), inventory.tasks(),
        inventory.logs(), coverage, failed, client.stats().since(before));
  }

  /** Phase 2's reads of each online node, by node. */
  private record NodeReads(Map<String, CompletableFuture<Outcome<NodeStatus>>> statuses,
      Map<String, CompletableFuture<Outcome<List<Guest>>>> vms, Map<String, CompletableFuture<Outcome<List<Guest>>>> containers,
      Map<String, CompletableFuture<Outcome<List<StoragePool>>>> storages, Map<String, CompletableFuture<Outcome<TaskPage>>> firstPages) {
    /** The guests of each node both of whose lists were read. */
    Map<String, List<Guest>> liveGuests() {
      Map<String, List<Guest>> live = new TreeMap<>();
      vms.forEach((node, read) -> {
        Outcome<List<Guest>> own = read.join();
        Outcome<List<Guest>> theirs = containers.get(node).join();
        if (own.ok() && theirs.ok()) {
          List<Guest> both = new ArrayList<>(own.value().get());
          both.addAll(theirs.value().get());
          live.put(node, both);
        }
      });
      return live;
    }
  }

  private NodeReads readNodes(List<String> online, Optional<Instant> tasksSince) {
    NodeReads reads = new NodeReads(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    for (String node : online) {
      if (options.reads(ResourceType.NODES)) {
        reads.statuses().put(node, read(ResourceType.NODES, node, null, () -> client.nodeStatus(node)));
      }
      if (options.reads(ResourceType.GUESTS)) {
        reads.vms().put(node, read(ResourceType.GUESTS, node, "qemu", () -> client.guests(node, GuestType.QEMU)));
        reads.containers().put(node, read(ResourceType.GUESTS, node, "lxc", () -> client.guests(node, GuestType.LXC)));
      }
      if (options.reads(ResourceType.STORAGE)) {
        reads.storages().put(node, read(ResourceType.STORAGE, node, null, () -> client.storages(node)));
      }
      if (options.reads(ResourceType.TASKS) && options.tasksPerNode() > 0) {
        TaskQuery first = taskQuery(tasksSince, 0, Math.min(options.taskPageSize(), options.tasksPerNode()));
        reads.firstPages().put(node, read(ResourceType.TASKS, node, null, () -> client.tasks(node, first)));
      }
    }
    List<CompletableFuture<?>> all = new ArrayList<>(reads.statuses().values());
    all.addAll(reads.vms().values());
    all.addAll(reads.containers().values());
    all.addAll(reads.storages().values());
    all.addAll(reads.firstPages().values());
    await(all);
    return reads;
  }

  /** The config of each guest seen live, unless one read before may be reused. */
  private Map<Guest, CompletableFuture<Outcome<GuestConfig>>> readConfigs(Inventory inventory, Instant now) {
    Map<Guest, CompletableFuture<Outcome<GuestConfig>>> reads = new LinkedHashMap<>();
    if (options.reads(ResourceType.GUEST_CONFIGS)) {
      for (Guest guest : inventory.guestsSeen()) {
        if (configs.reusable(guest, now, options.configMaxAge()).isEmpty()) {
          reads.put(guest, read(ResourceType.GUEST_CONFIGS, guest.node(), guest.id(),
              () -> client.guestConfig(guest.node(), guest.type(), guest.vmid())));
        }
      }
    }
    return reads;
  }

  /** The configs read now and those reused, by guest id; the ones read are remembered. */
  private Map<String, GuestConfig> configs(Map<Guest, CompletableFuture<Outcome<GuestConfig>>> reads, Inventory inventory,
      Instant now) {
    Map<String, GuestConfig> all = new TreeMap<>();
    for (Guest guest : inventory.guestsSeen()) {
      CompletableFuture<Outcome<GuestConfig>> read = reads.get(guest);
      if (read == null) {
        configs.reusable(guest, now, options.configMaxAge()).ifPresent(config -> all.put(guest.id(), config));
      } else {
        read.join().value().ifPresent(config -> {
          all.put(guest.id(), config);
          configs.remember(guest, config, now);
        });
      }
    }
    return all;
  }

  private Map<StoragePool, CompletableFuture<Outcome<List<StorageVolume>>>> readContent(Inventory inventory) {
    Map<StoragePool, CompletableFuture<Outcome<List<StorageVolume>>>> reads = new LinkedHashMap<>();
    if (options.reads(ResourceType.STORAGE_CONTENT)) {
      for (StoragePool pool : inventory.storagesToList()) {
        reads.put(pool, read(ResourceType.STORAGE_CONTENT, pool.node(), pool.storage(),
            () -> client.storageContent(pool.node(), pool.storage())));
      }
    }
    return reads;
  }

  /** Once the first page has told how many tasks match, the other pages at once. */
  private Map<String, List<CompletableFuture<Outcome<TaskPage>>>> readOtherPages(
      Map<String, CompletableFuture<Outcome<TaskPage>>> firstPages, Optional<Instant> tasksSince) {
    Map<String, List<CompletableFuture<Outcome<TaskPage>>>> pages = new TreeMap<>();
    firstPages.forEach((node, first) -> first.join().value().ifPresent(page -> {
      List<CompletableFuture<Outcome<TaskPage>>> more = new ArrayList<>();
      int wanted = Math.min(page.total(), options.tasksPerNode());
      for (int start = page.tasks().size(); start < wanted && !page.tasks().isEmpty(); start += options.taskPageSize()) {
        TaskQuery next = taskQuery(tasksSince, start, Math.min(options.taskPageSize(), wanted - start));
        more.add(read(ResourceType.TASKS, node, null, () -> client.tasks(node, next)));
      }
      pages.put(node, more);
    }));
    return pages;
  }

  /** Each node's tasks, once each (a task may shift to the next page while paging), newest first. */
  private void collectTasks(Inventory inventory, Map<String, CompletableFuture<Outcome<TaskPage>>> firstPages,
      Map<String, List<CompletableFuture<Outcome<TaskPage>>>> pages, List<String> online) {
    Map<String, List<Task>> tasks = new TreeMap<>();
    Set<String> complete = new TreeSet<>();
    firstPages.forEach((node, first) -> {
      List<Outcome<TaskPage>> all = new ArrayList<>(List.of(first.join()));
      pages.getOrDefault(node, List.of()).forEach(page -> all.add(page.join()));
      Map<String, Task> byUpid = new LinkedHashMap<>();
      all.forEach(page -> page.value().ifPresent(p -> p.tasks().forEach(t -> byUpid.putIfAbsent(t.upid().text(), t))));
      List<Task> sorted = new ArrayList<>(byUpid.values());
      sorted.sort(NEWEST_FIRST);
      tasks.put(node, sorted.subList(0, Math.min(sorted.size(), options.tasksPerNode())));
      if (all.stream().allMatch(Outcome::ok)) {
        complete.add(node);
      }
    });
    if (options.tasksPerNode() == 0) {
      complete.addAll(online);
    }
    inventory.tasks(tasks, complete);
  }

  /** The last lines of the logs of tasks that failed within {@code logFailedWithin}, newest first, a few per node. */
  private void readLogs(Inventory inventory, Instant now) {
    Map<String, List<CompletableFuture<Outcome<TaskLog>>>> reads = new TreeMap<>();
    Instant since = now.minus(options.logFailedWithin());
    inventory.tasksByNode().forEach((node, tasks) -> {
      List<CompletableFuture<Outcome<TaskLog>>> logs = new ArrayList<>();
      if (!options.logFailedWithin().isZero()) {
        tasks.stream().filter(t -> t.state() == TaskState.FAILED || t.state() == TaskState.UNKNOWN)
            .filter(t -> !t.endTime().orElse(t.startTime()).isBefore(since))
            .limit(options.logsPerNode())
            .forEach(t -> logs.add(read(ResourceType.TASK_LOGS, node, t.upid().text(),
                () -> client.taskLog(t.upid(), LogWindow.tail(options.logLines())))));
      }
      reads.put(node, logs);
    });
    List<CompletableFuture<?>> all = new ArrayList<>();
    reads.values().forEach(all::addAll);
    await(all);
    List<TaskLog> logs = new ArrayList<>();
    Set<String> complete = new TreeSet<>();
    reads.forEach((node, nodeReads) -> {
      nodeReads.forEach(r -> r.join().value().ifPresent(logs::add));
      if (inventory.tasksSeen(node) && nodeReads.stream().allMatch(r -> r.join().ok())) {
        complete.add(node);
      }
    });
    inventory.logs(logs, complete);
  }

  /** The values read, by node; nodes whose read failed are left out. */
  private static <T> Map<String, T> values(Map<String, CompletableFuture<Outcome<T>>> reads) {
    Map<String, T> values = new TreeMap<>();
    reads.forEach((node, read) -> read.join().value().ifPresent(value -> values.put(node, value)));
    return values;
  }

  private Optional<Instant> tasksSince(Instant now) {
    Optional<Instant> byAge = options.taskMaxAge().isZero() ? Optional.empty() : Optional.of(now.minus(options.taskMaxAge()));
    if (byAge.isPresent() && options.tasksSince().isPresent()) {
      return Optional.of(byAge.get().isAfter(options.tasksSince().get()) ? byAge.get() : options.tasksSince().get());
    }
    return byAge.or(options::tasksSince);
  }

  private static TaskQuery taskQuery(Optional<Instant> since, int start, int limit) {
    TaskQuery query = TaskQuery.first(limit).withStart(start);
    return since.map(query::since).orElse(query);
  }

  /** Runs {@code read} on the pool; a failure is recorded (and, when it dooms every read, remembered to end the run). */
  private <T> CompletableFuture<Outcome<T>> read(ResourceType type, String node, String item, Callable<T> read) {
    return CompletableFuture.supplyAsync(() -> {
      if (fatal.get() != null) {
        return Outcome.failed(fatal.get());
      }
      try {
        return Outcome.of(read.call());
      } catch (ProxmoxException e) {
        failures.add(new DiscoveryFailure(type, Optional.ofNullable(node), Optional.ofNullable(item), e.kind(), e.getMessage()));
        if (dooms(e)) {
          fatal.compareAndSet(null, e);
        }
        return Outcome.failed(e);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, pool);
  }

  private static boolean dooms(ProxmoxException e) {
    return e.kind() == ProxmoxException.Kind.AUTHENTICATION || e.kind() == ProxmoxException.Kind.SECOND_FACTOR
        || e.kind() == ProxmoxException.Kind.CERTIFICATE;
  }

  private void await(List<? extends CompletableFuture<?>> reads) {
    try {
      CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      // Only a bug gets here: every ProxmoxException became an Outcome.
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    ProxmoxException doom = fatal.get();
    if (doom != null) {
      throw doom;
    }
  }
}
