package dev.steward.examples.fleet;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CoreSettings;
import dev.steward.FirewallManager;
import dev.steward.NodeSelector;
import dev.steward.Probe;
import dev.steward.Probes;
import dev.steward.ProcessManager;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.TcpConnection;
import dev.steward.Transport;
import dev.steward.Transports;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.node.DesiredFleet;
import dev.steward.node.NodeKind;
import dev.steward.probe.ssh.SshProbe;
import dev.steward.probe.ssh.SshProbeSettings;
import dev.steward.spi.ProviderContext;
import dev.steward.reconcile.Backoff;
import dev.steward.reconcile.Kind;
import dev.steward.reconcile.ReconcileListener;
import dev.steward.leader.LeaderElection;
import dev.steward.node.ManualScale;
import dev.steward.reconcile.Reconciler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The parts a reconciler works with, made from providers by their ids in the settings: the runner
 * defaults to the {@code file} store, the {@code process} manager and the fleet file's selector.
 *
 * <p>Hosts are reached through one transport: {@code local} for this machine, and {@code ssh} for
 * every other host, opened on first use from the {@code steward.ssh.*} settings. Unless the settings
 * name a probe, this machine is observed by the {@code local} probe and other hosts by the {@code
 * ssh} probe (their load only: their nodes are listed by the managers that run them). Each process
 * manager and firewall a fleet names is made once, over that transport. Closes what it made, last
 * made first. Not thread-safe.
 */
public final class FleetParts implements AutoCloseable {
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final StateStore store;
  private final Probe probe;
  private final ProcessManager processes;
  private final FirewallManager firewall;
  private final NodeSelector selector;
  /** The selector the parts were opened with, by id, and those a reloaded fleet file named since. */
  private final Map<String, NodeSelector> selectors = new TreeMap<>();
  private final ProviderRegistry registry;
  private final Settings settings;
  /** The selector the settings name, for a fleet file that names none. */
  private final String defaultSelector;
  private final Transport transport;
  private final Map<String, ProcessManager> managers = new TreeMap<>();
  private final Map<String, FirewallManager> firewalls = new TreeMap<>();
  /** Set when these parts serve one of several instances: the reconcilers act only while it leads. */
  private volatile LeaderElection election;

  private FleetParts(ProviderRegistry registry, Settings given, FleetConfig config) {
    Settings.Builder builder = given.toBuilder();
    if (given.find(CoreSettings.PROCESS_MANAGER).isEmpty()) {
      builder.set(CoreSettings.PROCESS_MANAGER, "process");
    }
    config.selector().ifPresent(id -> builder.set(CoreSettings.NODE_SELECTOR, id));
    Settings settings = builder.build();
    this.registry = registry;
    this.settings = settings;
    this.defaultSelector = given.get(CoreSettings.NODE_SELECTOR);
    try {
      this.transport = own(Transports.byHost(
          registry.create(ExtensionPoint.TRANSPORT, settings.toBuilder().set(CoreSettings.TRANSPORT, "local").build()),
          new OnFirstUse(() -> registry.create(ExtensionPoint.TRANSPORT, settings.toBuilder().set(CoreSettings.TRANSPORT, "ssh").build()))));
      this.selector = registry.create(ExtensionPoint.NODE_SELECTOR, settings);
      selectors.put(settings.get(CoreSettings.NODE_SELECTOR), selector);
      this.store = own(registry.create(ExtensionPoint.STATE_STORE, settings));
      this.probe = probe(registry, given, settings, transport);
      this.processes = own(registry.create(ExtensionPoint.PROCESS_MANAGER, settings));
      this.firewall = registry.create(ExtensionPoint.FIREWALL_MANAGER, settings);
      String defaultManager = settings.get(CoreSettings.PROCESS_MANAGER);
      String defaultFirewall = settings.get(CoreSettings.FIREWALL);
      for (DesiredFleet fleet : config.fleets()) {
        String manager = fleet.options().manager();
        if (!manager.isEmpty() && !managers.containsKey(manager)) {
          managers.put(manager, manager.equals(defaultManager) ? processes
              : own(registry.create(ExtensionPoint.PROCESS_MANAGER, ProviderContext.of(
                  settings.toBuilder().set(CoreSettings.PROCESS_MANAGER, manager).build(), transport))));
        }
        String wall = fleet.options().firewall();
        if (!wall.isEmpty() && !firewalls.containsKey(wall)) {
          firewalls.put(wall, wall.equals(defaultFirewall) ? firewall
              : registry.create(ExtensionPoint.FIREWALL_MANAGER, ProviderContext.of(
                  settings.toBuilder().set(CoreSettings.FIREWALL, wall).build(), transport)));
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The probe the settings name, else {@code local} here and {@code ssh} (load only) elsewhere. */
  private static Probe probe(ProviderRegistry registry, Settings given, Settings settings, Transport transport) {
    if (given.find(CoreSettings.PROBE).isPresent()) {
      return registry.create(ExtensionPoint.PROBE, ProviderContext.of(settings, transport));
    }
    Probe local = registry.create(ExtensionPoint.PROBE, settings.toBuilder().set(CoreSettings.PROBE, "local").build());
    Probe remote = SshProbe.create(transport, settings.toBuilder().set(SshProbeSettings.OBSERVE, "metrics").build());
    return Probes.byHost(local, remote);
  }

  /** The process manager a fleet names {@code id}, when one does. */
  public java.util.Optional<ProcessManager> manager(String id) {
    return java.util.Optional.ofNullable(managers.get(id));
  }

  /** The transport that reaches every host: local here, ssh elsewhere. */
  public Transport transport() {
    return transport;
  }

  public static FleetParts open(ProviderRegistry registry, Settings settings, FleetConfig config) {
    return new FleetParts(registry, settings, config);
  }

  public StateStore store() {
    return store;
  }

  /**
   * {@code fleets} with the counts set by hand ({@code reconcile add-node}, {@code remove-node}),
   * read from the store at each call, so a pass keeps what an operator asked for.
   */
  public Supplier<List<DesiredFleet>> scaled(Supplier<List<DesiredFleet>> fleets) {
    return () -> ManualScale.apply(store, fleets.get());
  }

  /** The settings the parts were opened with (the given ones, with the runner's defaults). */
  public Settings settings() {
    return settings;
  }

  /**
   * The reconcilers made from now on act only while {@code election} leads, and their writes carry
   * its fence; the caller campaigns (a {@link dev.steward.leader.LeaderKeeper}) and closes it.
   */
  public void leadBy(LeaderElection election) {
    this.election = election;
  }

  public ProcessManager processes() {
    return processes;
  }

  /** A reconciler over these parts for the fleets {@code fleets} gives at each pass. */
  public Reconciler reconciler(FleetConfig config, Supplier<List<DesiredFleet>> fleets,
      ReconcileListener listener, Duration stopGrace) {
    return reconciler(config, fleets, kinds -> listener, stopGrace);
  }

  /** The same, with listeners made for the reconciler's kinds (live status shows what they say). */
  public Reconciler reconciler(FleetConfig config, Supplier<List<DesiredFleet>> fleets,
      Function<List<Kind>, ReconcileListener> listener, Duration stopGrace) {
    NodeKind nodes = nodeKind(config, fleets, stopGrace);
    Reconciler.Builder builder = Reconciler.builder()
        .store(store)
        .probe(probe)
        .kind(nodes)
        .budgets(config.policy().budgets())
        .listener(listener.apply(List.of(nodes)))
        .backoff(Backoff.standard());
    LeaderElection leader = election;
    if (leader != null) {
      builder.leadership(leader);
    }
    return builder.build();
  }

  /** The node kind over these parts for the fleets {@code fleets} gives at each pass. */
  public NodeKind nodeKind(FleetConfig config, Supplier<List<DesiredFleet>> fleets, Duration stopGrace) {
    NodeKind.Builder builder = NodeKind.builder()
        .processManager(processes)
        .firewall(firewall)
        .metricsTransport(transport);
    managers.forEach(builder::processManager);
    firewalls.forEach(builder::firewall);
    return builder
        .selector(selector(config))
        .policy(config.policy())
        .fleets(fleets)
        .stopGrace(stopGrace)
        .build();
  }

  /** The selector {@code config} names (a reloaded fleet file may name another), else the one the settings name. */
  private synchronized NodeSelector selector(FleetConfig config) {
    return selectors.computeIfAbsent(config.selector().orElse(defaultSelector),
        id -> registry.create(ExtensionPoint.NODE_SELECTOR, settings.toBuilder().set(CoreSettings.NODE_SELECTOR, id).build()));
  }

  private <T> T own(T part) {
    if (part instanceof AutoCloseable closeable) {
      owned.add(0, closeable);
    }
    return part;
  }

  /** A transport made when a command first needs it: no ssh setup unless a fleet runs elsewhere. */
  private static final class OnFirstUse implements Transport {
    private final Supplier<Transport> factory;
    private Transport made;

    OnFirstUse(Supplier<Transport> factory) {
      this.factory = factory;
    }

    private synchronized Transport get() {
      if (made == null) {
        made = factory.get();
      }
      return made;
    }

    @Override
    public CommandResult run(String host, Command command) {
      return get().run(host, command);
    }

    @Override
    public TcpConnection connect(String host, int port, Duration timeout) {
      return get().connect(host, port, timeout);
    }

    @Override
    public synchronized void close() {
      if (made != null) {
        made.close();
      }
    }
  }

  @Override
  public void close() {
    for (AutoCloseable part : owned) {
      try {
        part.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(FleetParts.class).warn("Could not close {}: {}", part, e.toString());
      }
    }
    owned.clear();
  }
}
