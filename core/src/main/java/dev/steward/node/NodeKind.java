package dev.steward.node;

import dev.steward.Action;
import dev.steward.FirewallManager;
import dev.steward.NodeSelector;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.observe.PrometheusText;
import dev.steward.spi.http.HttpText;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.drift.DriftRules;
import dev.steward.internal.firewall.NoFirewall;
import dev.steward.Lifecycle;
import dev.steward.NodeLifecycle;
import dev.steward.plan.Plan;
import dev.steward.plan.PlanRequest;
import dev.steward.reconcile.ActionContext;
import dev.steward.reconcile.Kind;
import dev.steward.status.StatusItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fleets of nodes: processes run by a {@link ProcessManager}, a port each opened in a {@link
 * FirewallManager}, scaled, restarted and upgraded by the {@link Planner}'s rules. The kind's id
 * and its records' kind is {@value DesiredFleet#NODE_KIND}; its records follow {@link
 * NodeLifecycle}. The desired fleets are asked for at the start of every pass, so a reload takes
 * effect on the next one. Thread-safe when its managers and selector are.
 */
public final class NodeKind implements Kind {
  private static final Logger LOG = LoggerFactory.getLogger(NodeKind.class);
  /** Lists run on several hosts at once; idle threads go after a minute. */
  private static final ExecutorService LISTING = new ThreadPoolExecutor(0, 32, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
      daemonThreads("steward-node-list"), new ThreadPoolExecutor.CallerRunsPolicy());

  /** The attribute of an observed node whose metrics page could not be read, with the reason. */
  public static final String METRICS_ERROR = "metrics_error";
  private static final int METRICS_PAGE_LIMIT = 4 * 1024 * 1024;

  private final Supplier<List<DesiredFleet>> fleets;
  private final Managers managers;
  private final Planner planner;
  private final Duration stopGrace;
  private final Optional<Transport> metricsTransport;
  private final Duration metricsTimeout;
  // The fleets of the pass under way: hosts, drift rules and plan must agree on one list.
  private volatile List<DesiredFleet> current = List.of();
  // Which manager saw each node no record names, in the pass under way: that one removes it.
  private volatile Map<ResourceKey, String> seenBy = Map.of();
  // Host to the named managers whose nodes the pass under way lists there.
  private volatile Map<String, Set<String>> listed = Map.of();

  private NodeKind(Builder b) {
    this.fleets = Objects.requireNonNull(b.fleets, "the node kind needs the desired fleets");
    this.managers = new Managers(b.defaultManager, b.managers, b.defaultFirewall, b.firewalls);
    NodeSelector selector = Objects.requireNonNull(b.selector, "the node kind needs a node selector");
    this.planner = new Planner(b.policy, selector);
    this.stopGrace = b.stopGrace;
    this.metricsTransport = Optional.ofNullable(b.metricsTransport);
    this.metricsTimeout = b.metricsTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return DesiredFleet.NODE_KIND;
  }

  @Override
  public Lifecycle lifecycle() {
    return NodeLifecycle.LIFECYCLE;
  }

  @Override
  public Optional<String> failedState() {
    return Optional.of(NodeLifecycle.FAILED);
  }

  /** The planner's rules, thresholds and (for planning alone) budgets. */
  public PlanPolicy policy() {
    return planner.policy();
  }

  /**
   * {@inheritDoc}
   *
   * @throws StewardException when a fleet names a process manager or firewall this kind was not given
   */
  @Override
  public Set<String> hosts(List<ResourceRecord> records) {
    List<DesiredFleet> desired = List.copyOf(fleets.get());
    for (DesiredFleet fleet : desired) {
      managers.check(fleet);
    }
    current = desired;
    Set<String> hosts = new TreeSet<>();
    desired.forEach(f -> hosts.add(f.host()));
    records.forEach(r -> hosts.add(r.key().host()));
    Map<String, Set<String>> used = new TreeMap<>();
    for (DesiredFleet fleet : desired) {
      addListed(used, fleet.host(), fleet.options().manager());
    }
    for (ResourceRecord record : records) {
      if (!record.state().equals(NodeLifecycle.REMOVED)) {
        addListed(used, record.key().host(), record.spec().flatMap(s -> s.property(ProcessSpec.MANAGER)).orElse(""));
      }
    }
    listed = used;
    return hosts;
  }

  /**
   * Adds the nodes each process manager runs on every reachable host the fleets or the records
   * name: one {@link ProcessManager#list(String)} per manager and host, hosts at once. A node the
   * probe saw already keeps the probe's view. A host where a manager cannot list its processes
   * becomes unknown, with the manager's reason, so nothing is added, removed or restarted there
   * this pass.
   */
  @Override
  public List<Observation> observe(List<Observation> observations) {
    Map<String, Set<String>> used = listed;
    Map<String, Future<Listing>> listings = new LinkedHashMap<>();
    for (Observation observation : observations) {
      Set<String> ids = used.get(observation.host());
      if (!observation.isReachable() || ids == null || ids.isEmpty()) {
        continue;
      }
      listings.put(observation.host(), LISTING.submit(() -> list(observation.host(), ids)));
    }
    Map<ResourceKey, String> strays = new HashMap<>();
    List<Observation> result = new ArrayList<>(observations.size());
    for (Observation observation : observations) {
      Future<Listing> pending = listings.get(observation.host());
      if (pending == null) {
        result.add(observation);
        continue;
      }
      Listing listing = join(pending, observation.host());
      if (listing.failure().isPresent()) {
        result.add(Observation.unreachable(observation.host(), observation.observedAt(), listing.failure().get()));
        continue;
      }
      List<ObservedResource> resources = new ArrayList<>(observation.resources());
      Set<ResourceKey> seen = new HashSet<>();
      resources.forEach(r -> seen.add(r.key()));
      listing.running().forEach((key, found) -> {
        strays.put(key, found.getValue());
        if (seen.add(key)) {
          resources.add(found.getKey());
        }
      });
      result.add(new Observation(observation.host(), observation.observedAt(), observation.unreachableReason(), resources,
          observation.metrics()));
    }
    seenBy = Map.copyOf(strays);
    return scrape(result);
  }

  /**
   * Each observed node of a fleet with {@link FleetOptions#metrics() metrics} gets the attributes its
   * Prometheus page fills, read through the metrics transport, every node at once. A node whose page
   * cannot be read gets {@value #METRICS_ERROR} with the reason instead, and the selectors treat its
   * figures as missing.
   */
  private List<Observation> scrape(List<Observation> observations) {
    List<DesiredFleet> desired = current;
    if (metricsTransport.isEmpty() || desired.stream().noneMatch(f -> f.options().metrics().isPresent())) {
      return observations;
    }
    Map<ResourceKey, Future<Map<String, String>>> pages = new HashMap<>();
    for (Observation observation : observations) {
      for (ObservedResource resource : observation.resources()) {
        for (DesiredFleet fleet : desired) {
          OptionalInt index = fleet.options().metrics().isPresent() ? fleet.indexOf(resource.key()) : OptionalInt.empty();
          if (index.isPresent()) {
            MetricsSource source = fleet.options().metrics().get();
            pages.put(resource.key(), LISTING.submit(() -> read(resource.key(), source, source.port(index.getAsInt()))));
          }
        }
      }
    }
    if (pages.isEmpty()) {
      return observations;
    }
    List<Observation> result = new ArrayList<>(observations.size());
    for (Observation observation : observations) {
      List<ObservedResource> resources = new ArrayList<>(observation.resources().size());
      for (ObservedResource resource : observation.resources()) {
        Future<Map<String, String>> page = pages.get(resource.key());
        if (page == null) {
          resources.add(resource);
          continue;
        }
        Map<String, String> attributes = new TreeMap<>(resource.attributes());
        try {
          attributes.putAll(page.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StewardException("Interrupted while reading the metrics of " + resource.key(), e);
        } catch (java.util.concurrent.ExecutionException e) {
          attributes.put(METRICS_ERROR, String.valueOf(e.getCause()));
        }
        resources.add(new ObservedResource(resource.key(), resource.parts(), attributes));
      }
      result.add(new Observation(observation.host(), observation.observedAt(), observation.unreachableReason(), resources,
          observation.metrics()));
    }
    return result;
  }

  /** The attributes {@code source} maps from the metrics page of {@code key} on {@code port}. */
  private Map<String, String> read(ResourceKey key, MetricsSource source, int port) {
    try {
      String text = HttpText.get(metricsTransport.orElseThrow(), key.host(), port, source.path(), metricsTimeout, METRICS_PAGE_LIMIT);
      List<PrometheusText.Sample> samples = PrometheusText.parse(text);
      Map<String, String> attributes = new TreeMap<>();
      List<String> missing = new ArrayList<>();
      source.attributes().forEach((attribute, metric) -> {
        OptionalDouble value = PrometheusText.sum(samples, metric);
        if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
          attributes.put(attribute, Long.toString(Math.round(value.getAsDouble())));
        } else {
          missing.add(metric);
        }
      });
      if (!missing.isEmpty()) {
        attributes.put(METRICS_ERROR, "the page at 127.0.0.1:" + port + source.path() + " has no (finite) " + String.join(", ", missing));
      }
      return attributes;
    } catch (RuntimeException e) {
      LOG.debug("Could not read the metrics of {}: {}", key, e.getMessage());
      return Map.of(METRICS_ERROR, "could not read 127.0.0.1:" + port + source.path() + " on " + key.host() + ": " + e.getMessage());
    }
  }

  /**
   * Named managers are listed: the default one's nodes are the probe's to see (the local probe sees
   * the {@code process} manager's by their environment markers). A fleet gone while its nodes still
   * run counts through its records.
   */
  private static void addListed(Map<String, Set<String>> used, String host, String manager) {
    if (!manager.isEmpty()) {
      used.computeIfAbsent(host, h -> new TreeSet<>()).add(manager);
    }
  }

  /** What the managers {@code ids} run on {@code host}, or why they could not say. */
  private Listing list(String host, Set<String> ids) {
    Map<ResourceKey, Map.Entry<ObservedResource, String>> running = new TreeMap<>();
    for (String id : ids) {
      ProcessManager manager = managers.process(id);
      List<ProcessStatus> statuses;
      try {
        statuses = manager.list(host);
      } catch (RuntimeException e) {
        String reason = "the " + managers.processLabel(id) + " process manager could not list its nodes on " + host + ": "
            + e.getMessage();
        LOG.warn("{}", reason);
        return new Listing(Map.of(), Optional.of(reason));
      }
      for (ProcessStatus status : statuses) {
        ResourceKey key = status.key();
        if (!key.kind().equals(DesiredFleet.NODE_KIND) || !key.host().equals(host) || status.state() != ProcessState.RUNNING) {
          continue;
        }
        Map<String, String> attributes = new TreeMap<>();
        status.pid().ifPresent(pid -> attributes.put(NodeAttributes.PID, Long.toString(pid)));
        attributes.put("manager", managers.processLabel(id));
        running.putIfAbsent(key, Map.entry(new ObservedResource(key, Set.of(), attributes), id));
      }
    }
    return new Listing(running, Optional.empty());
  }

  private static Listing join(Future<Listing> pending, String host) {
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StewardException("Interrupted while listing the nodes on " + host, e);
    } catch (java.util.concurrent.ExecutionException e) {
      return new Listing(Map.of(), Optional.of("listing the nodes on " + host + " failed: " + e.getCause()));
    }
  }

  private record Listing(Map<ResourceKey, Map.Entry<ObservedResource, String>> running, Optional<String> failure) {}

  @Override
  public DriftRules driftRules() {
    List<DesiredFleet> desired = current;
    return DriftRules.builder(Set.of(DesiredFleet.NODE_KIND))
        .known(key -> desired.stream().anyMatch(f -> f.indexOf(key).isPresent()))
        .expectsPresence(record -> NodeLifecycle.ACTIVE.contains(record.state()))
        .gone(record -> NodeLifecycle.REMOVED.equals(record.state()))
        .build();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The planner sees each record with the attributes its node's metrics filled this pass (see
   * {@link FleetOptions#metrics()}), so the node selectors rank by what the nodes say now.
   */
  @Override
  public Plan plan(PlanRequest request) {
    PlanInput input = new PlanInput(current, withScraped(request.records(), request.drift()), request.drift(), request.metrics(),
        request.now());
    return planner.plan(input, request.budgets(), request.underWay());
  }

  /** {@code records}, each node's with the scraped attributes of its observation laid over its own. */
  private List<ResourceRecord> withScraped(List<ResourceRecord> records, dev.steward.drift.DriftReport drift) {
    Map<ResourceKey, Map<String, String>> scraped = new HashMap<>();
    for (dev.steward.drift.DriftEntry entry : drift.entries()) {
      entry.observed().ifPresent(observed -> {
        for (DesiredFleet fleet : current) {
          if (fleet.options().metrics().isPresent() && fleet.indexOf(entry.key()).isPresent()) {
            Map<String, String> figures = new TreeMap<>();
            for (String attribute : fleet.options().metrics().get().attributes().keySet()) {
              String value = observed.attributes().get(attribute);
              if (value != null) {
                figures.put(attribute, value);
              }
            }
            if (!figures.isEmpty()) {
              scraped.put(entry.key(), figures);
            }
          }
        }
      });
    }
    if (scraped.isEmpty()) {
      return records;
    }
    List<ResourceRecord> result = new ArrayList<>(records.size());
    for (ResourceRecord record : records) {
      Map<String, String> figures = scraped.get(record.key());
      if (figures == null) {
        result.add(record);
      } else {
        Map<String, String> attributes = new HashMap<>(record.attributes());
        attributes.putAll(figures);
        result.add(record.withAttributes(attributes, record.updatedAt()));
      }
    }
    return result;
  }

  @Override
  public String act(Action action, ActionContext context) {
    return new NodeActions(managers.forAction(action, context.store().find(action.target()), seenBy), stopGrace, context)
        .run(action);
  }

  /**
   * A node's item has its name as id, kind {@code node}, its lifecycle state, its record's reason
   * unless it is RUNNING (healthy nodes have none), and {@code local} ({@code 127.0.0.1:PORT}),
   * {@code pid}, {@code version} and, off this machine, {@code host} and {@code port} ({@code
   * PORT/PROTOCOL}) instead of {@code local}. Removed nodes are left out.
   */
  @Override
  public Optional<StatusItem> statusItem(ResourceRecord record) {
    ResourceKey key = record.key();
    if (!key.kind().equals(DesiredFleet.NODE_KIND) || record.state().equals(NodeLifecycle.REMOVED)) {
      return Optional.empty();
    }
    Map<String, String> attributes = new TreeMap<>();
    Optional<String> port = record.attribute(NodeAttributes.PORT).filter(p -> !p.isEmpty());
    if (key.isLocal()) {
      port.ifPresent(p -> attributes.put("local", "127.0.0.1:" + p));
    } else {
      // Another host's 127.0.0.1 is not this machine's: name the port and its protocol instead.
      port.ifPresent(p -> attributes.put("port", p + "/" + record.spec().flatMap(s -> s.property(ProcessSpec.PROTOCOL)).orElse("tcp")));
    }
    record.attribute(NodeAttributes.PID).filter(p -> !p.isEmpty()).ifPresent(p -> attributes.put("pid", p));
    record.spec().flatMap(s -> s.property(ProcessSpec.VERSION)).ifPresent(v -> attributes.put("version", v));
    if (!key.isLocal()) {
      attributes.put("host", key.host());
    }
    String reason = record.state().equals(NodeLifecycle.RUNNING) ? "" : record.reason();
    return Optional.of(new StatusItem(key.name(), key.kind(), record.state(), reason, attributes,
        record.createdAt(), record.updatedAt()));
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Collects a node kind's parts; not thread-safe. */
  public static final class Builder {
    private Supplier<List<DesiredFleet>> fleets;
    private ProcessManager defaultManager;
    private final Map<String, ProcessManager> managers = new TreeMap<>();
    private FirewallManager defaultFirewall = new NoFirewall();
    private final Map<String, FirewallManager> firewalls = new TreeMap<>();
    private NodeSelector selector;
    private PlanPolicy policy = PlanPolicy.DEFAULT;
    private Duration stopGrace = Duration.ofSeconds(10);
    private Transport metricsTransport;
    private Duration metricsTimeout = Duration.ofSeconds(3);

    private Builder() {}

    /**
     * The transport each node's metrics page is read through, on the node's own host (over SSH, a
     * direct-tcpip channel); without one, fleets' metrics are not read.
     */
    public Builder metricsTransport(Transport transport) {
      this.metricsTransport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** How long reading one node's metrics page may take. Default 3 s. */
    public Builder metricsTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("The metrics timeout must be positive, got " + timeout);
      }
      this.metricsTimeout = timeout;
      return this;
    }

    /** The desired fleets, asked for at the start of every pass (so a reload takes effect on the next one). */
    public Builder fleets(Supplier<List<DesiredFleet>> fleets) {
      this.fleets = Objects.requireNonNull(fleets, "fleets");
      return this;
    }

    public Builder fleets(List<DesiredFleet> fleets) {
      List<DesiredFleet> copy = List.copyOf(fleets);
      this.fleets = () -> copy;
      return this;
    }

    /** The process manager of fleets that name none. */
    public Builder processManager(ProcessManager processes) {
      this.defaultManager = Objects.requireNonNull(processes, "processes");
      return this;
    }

    /**
     * The process manager of fleets whose options name {@code id} ({@code systemd}, {@code docker},
     * ...); the first one given is also the default when {@link #processManager(ProcessManager)} is not called.
     */
    public Builder processManager(String id, ProcessManager processes) {
      Objects.requireNonNull(processes, "processes");
      managers.put(requireId(id), processes);
      if (defaultManager == null) {
        defaultManager = processes;
      }
      return this;
    }

    /** The firewall to open and close the ports of fleets that name none; by default none. */
    public Builder firewall(FirewallManager firewall) {
      this.defaultFirewall = Objects.requireNonNull(firewall, "firewall");
      return this;
    }

    /** The firewall of fleets whose options name {@code id} ({@code ufw}, ...). */
    public Builder firewall(String id, FirewallManager firewall) {
      firewalls.put(requireId(id), Objects.requireNonNull(firewall, "firewall"));
      return this;
    }

    private static String requireId(String id) {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("A manager id must not be blank; use the provider's id, e.g. systemd");
      }
      return id;
    }

    public Builder selector(NodeSelector selector) {
      this.selector = Objects.requireNonNull(selector, "selector");
      return this;
    }

    /**
     * The thresholds the planner follows. Its budgets count when the planner plans alone; in a
     * loop, the loop's budgets hold for every kind together.
     */
    public Builder policy(PlanPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** How long a node has to stop before it is killed. Default 10 s. */
    public Builder stopGrace(Duration stopGrace) {
      Objects.requireNonNull(stopGrace, "stopGrace");
      if (stopGrace.isNegative()) {
        throw new IllegalArgumentException("The stop grace must not be negative, got " + stopGrace);
      }
      this.stopGrace = stopGrace;
      return this;
    }

    public NodeKind build() {
      Objects.requireNonNull(defaultManager, "the node kind needs a process manager");
      return new NodeKind(this);
    }
  }
}
