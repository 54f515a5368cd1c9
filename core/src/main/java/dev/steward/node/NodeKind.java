package dev.steward.node;

import dev.steward.Action;
import dev.steward.FirewallManager;
import dev.steward.NodeSelector;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Fleets of nodes: processes run by a {@link ProcessManager}, a port each opened in a {@link
 * FirewallManager}, scaled, restarted and upgraded by the {@link Planner}'s rules. The kind's id
 * and its records' kind is {@value DesiredFleet#NODE_KIND}; its records follow {@link
 * NodeLifecycle}. The desired fleets are asked for at the start of every pass, so a reload takes
 * effect on the next one. Thread-safe when its managers and selector are.
 */
public final class NodeKind implements Kind {
  private final Supplier<List<DesiredFleet>> fleets;
  private final ProcessManager processes;
  private final FirewallManager firewall;
  private final Planner planner;
  private final Duration stopGrace;
  // The fleets of the pass under way: hosts, drift rules and plan must agree on one list.
  private volatile List<DesiredFleet> current = List.of();

  private NodeKind(Builder b) {
    this.fleets = Objects.requireNonNull(b.fleets, "the node kind needs the desired fleets");
    this.processes = Objects.requireNonNull(b.processes, "the node kind needs a process manager");
    NodeSelector selector = Objects.requireNonNull(b.selector, "the node kind needs a node selector");
    this.firewall = b.firewall;
    this.planner = new Planner(b.policy, selector);
    this.stopGrace = b.stopGrace;
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

  @Override
  public Set<String> hosts(List<ResourceRecord> records) {
    List<DesiredFleet> desired = List.copyOf(fleets.get());
    current = desired;
    Set<String> hosts = new TreeSet<>();
    desired.forEach(f -> hosts.add(f.host()));
    records.forEach(r -> hosts.add(r.key().host()));
    return hosts;
  }

  @Override
  public DriftRules driftRules() {
    List<DesiredFleet> desired = current;
    return DriftRules.builder(Set.of(DesiredFleet.NODE_KIND))
        .known(key -> desired.stream().anyMatch(f -> f.indexOf(key).isPresent()))
        .expectsPresence(record -> NodeLifecycle.ACTIVE.contains(record.state()))
        .gone(record -> NodeLifecycle.REMOVED.equals(record.state()))
        .build();
  }

  @Override
  public Plan plan(PlanRequest request) {
    PlanInput input = new PlanInput(current, request.records(), request.drift(), request.metrics(), request.now());
    return planner.plan(input, request.budgets(), request.underWay());
  }

  @Override
  public String act(Action action, ActionContext context) {
    return new NodeActions(processes, firewall, stopGrace, context).run(action);
  }

  /**
   * A node's item has its name as id, kind {@code node}, its lifecycle state, its record's reason
   * unless it is RUNNING (healthy nodes have none), and {@code local} ({@code 127.0.0.1:PORT}),
   * {@code pid}, {@code version} and, off this machine, {@code host} attributes. Removed nodes are
   * left out.
   */
  @Override
  public Optional<StatusItem> statusItem(ResourceRecord record) {
    ResourceKey key = record.key();
    if (!key.kind().equals(DesiredFleet.NODE_KIND) || record.state().equals(NodeLifecycle.REMOVED)) {
      return Optional.empty();
    }
    Map<String, String> attributes = new TreeMap<>();
    record.attribute(NodeAttributes.PORT).filter(p -> !p.isEmpty()).ifPresent(p -> attributes.put("local", "127.0.0.1:" + p));
    record.attribute(NodeAttributes.PID).filter(p -> !p.isEmpty()).ifPresent(p -> attributes.put("pid", p));
    record.spec().flatMap(s -> s.property(ProcessSpec.VERSION)).ifPresent(v -> attributes.put("version", v));
    if (!key.isLocal()) {
      attributes.put("host", key.host());
    }
    String reason = record.state().equals(NodeLifecycle.RUNNING) ? "" : record.reason();
    return Optional.of(new StatusItem(key.name(), key.kind(), record.state(), reason, attributes,
        record.createdAt(), record.updatedAt()));
  }

  /** Collects a node kind's parts; not thread-safe. */
  public static final class Builder {
    private Supplier<List<DesiredFleet>> fleets;
    private ProcessManager processes;
    private FirewallManager firewall = new NoFirewall();
    private NodeSelector selector;
    private PlanPolicy policy = PlanPolicy.DEFAULT;
    private Duration stopGrace = Duration.ofSeconds(10);

    private Builder() {}

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

    public Builder processManager(ProcessManager processes) {
      this.processes = Objects.requireNonNull(processes, "processes");
      return this;
    }

    /** The firewall to open and close node ports on; by default none. */
    public Builder firewall(FirewallManager firewall) {
      this.firewall = Objects.requireNonNull(firewall, "firewall");
      return this;
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
      return new NodeKind(this);
    }
  }
}
