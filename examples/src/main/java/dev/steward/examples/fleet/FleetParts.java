package dev.steward.examples.fleet;

import dev.steward.CoreSettings;
import dev.steward.FirewallManager;
import dev.steward.NodeSelector;
import dev.steward.Probe;
import dev.steward.ProcessManager;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.node.DesiredFleet;
import dev.steward.node.NodeKind;
import dev.steward.reconcile.Backoff;
import dev.steward.reconcile.Kind;
import dev.steward.reconcile.ReconcileListener;
import dev.steward.reconcile.Reconciler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The parts a reconciler works with, made from providers by their ids in the settings: the runner
 * defaults to the {@code file} store, the {@code local} probe, the {@code process} manager and the
 * fleet file's selector. Closes what it made, last made first. Not thread-safe.
 */
public final class FleetParts implements AutoCloseable {
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final StateStore store;
  private final Probe probe;
  private final ProcessManager processes;
  private final FirewallManager firewall;
  private final NodeSelector selector;

  private FleetParts(ProviderRegistry registry, Settings given, FleetConfig config) {
    Settings.Builder builder = given.toBuilder();
    if (given.find(CoreSettings.PROBE).isEmpty()) {
      builder.set(CoreSettings.PROBE, "local");
    }
    if (given.find(CoreSettings.PROCESS_MANAGER).isEmpty()) {
      builder.set(CoreSettings.PROCESS_MANAGER, "process");
    }
    config.selector().ifPresent(id -> builder.set(CoreSettings.NODE_SELECTOR, id));
    Settings settings = builder.build();
    try {
      this.selector = registry.create(ExtensionPoint.NODE_SELECTOR, settings);
      this.store = own(registry.create(ExtensionPoint.STATE_STORE, settings));
      this.probe = registry.create(ExtensionPoint.PROBE, settings);
      this.processes = own(registry.create(ExtensionPoint.PROCESS_MANAGER, settings));
      this.firewall = registry.create(ExtensionPoint.FIREWALL_MANAGER, settings);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public static FleetParts open(ProviderRegistry registry, Settings settings, FleetConfig config) {
    return new FleetParts(registry, settings, config);
  }

  public StateStore store() {
    return store;
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
    return Reconciler.builder()
        .store(store)
        .probe(probe)
        .kind(nodes)
        .budgets(config.policy().budgets())
        .listener(listener.apply(List.of(nodes)))
        .backoff(Backoff.standard())
        .build();
  }

  /** The node kind over these parts for the fleets {@code fleets} gives at each pass. */
  public NodeKind nodeKind(FleetConfig config, Supplier<List<DesiredFleet>> fleets, Duration stopGrace) {
    return NodeKind.builder()
        .processManager(processes)
        .firewall(firewall)
        .selector(selector)
        .policy(config.policy())
        .fleets(fleets)
        .stopGrace(stopGrace)
        .build();
  }

  private <T> T own(T part) {
    if (part instanceof AutoCloseable closeable) {
      owned.add(0, closeable);
    }
    return part;
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
