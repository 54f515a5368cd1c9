package dev.steward.node;

import dev.steward.Action;
import dev.steward.FirewallManager;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.StewardException;
import java.util.Map;
import java.util.Optional;

/**
 * The process managers and firewalls of a node kind: a default of each for fleets that name none,
 * and more by id. A node's spec names its own ({@link ProcessSpec#MANAGER}, {@link
 * ProcessSpec#FIREWALL}), so a node whose fleet is gone is still stopped by the manager that runs
 * it. Immutable and thread-safe.
 */
final class Managers {
  private final ProcessManager defaultManager;
  private final Map<String, ProcessManager> managers;
  private final FirewallManager defaultFirewall;
  private final Map<String, FirewallManager> firewalls;

  Managers(ProcessManager defaultManager, Map<String, ProcessManager> managers, FirewallManager defaultFirewall,
      Map<String, FirewallManager> firewalls) {
    this.defaultManager = defaultManager;
    this.managers = Map.copyOf(managers);
    this.defaultFirewall = defaultFirewall;
    this.firewalls = Map.copyOf(firewalls);
  }

  /** Checks that {@code fleet}'s managers were given. */
  void check(DesiredFleet fleet) {
    String manager = fleet.options().manager();
    if (!manager.isEmpty() && !managers.containsKey(manager)) {
      throw new StewardException("Fleet " + fleet.name() + " wants its nodes run by process manager '" + manager
          + "', which this node kind was not given" + known(managers.keySet()) + ". Put the module that provides it on the class path"
          + " (e.g. steward-manager-" + manager + ") or name another manager.");
    }
    String firewall = fleet.options().firewall();
    if (!firewall.isEmpty() && !firewalls.containsKey(firewall)) {
      throw new StewardException("Fleet " + fleet.name() + " wants its ports opened by firewall '" + firewall
          + "', which this node kind was not given" + known(firewalls.keySet()) + ". Put the module that provides it on the class path"
          + " (e.g. steward-firewall-" + firewall + ") or name another firewall.");
    }
  }

  private static String known(java.util.Set<String> ids) {
    return ids.isEmpty() ? " (it has only its default one)" : " (it has the default one and " + String.join(", ", new java.util.TreeSet<>(ids)) + ")";
  }

  /** The manager with {@code id}; the default one for the empty id. */
  ProcessManager process(String id) {
    if (id.isEmpty()) {
      return defaultManager;
    }
    ProcessManager manager = managers.get(id);
    if (manager == null) {
      throw new StewardException("No process manager '" + id + "' was given to the node kind" + known(managers.keySet()));
    }
    return manager;
  }

  /** How {@code id} is named in messages. */
  String processLabel(String id) {
    return id.isEmpty() ? "default" : id;
  }

  FirewallManager firewall(String id) {
    if (id.isEmpty()) {
      return defaultFirewall;
    }
    FirewallManager firewall = firewalls.get(id);
    if (firewall == null) {
      throw new StewardException("No firewall '" + id + "' was given to the node kind" + known(firewalls.keySet()));
    }
    return firewall;
  }

  /**
   * The manager and firewall of {@code action}'s node: those its spec (the action's, else the
   * record's) names; for a node no record describes, the manager that saw it running this pass.
   */
  NodeActions.Parts forAction(Action action, Optional<ResourceRecord> record, Map<ResourceKey, String> seenBy) {
    Optional<Spec> spec = action.spec().or(() -> record.flatMap(ResourceRecord::spec));
    String manager = spec.flatMap(s -> s.property(ProcessSpec.MANAGER))
        .orElseGet(() -> spec.isPresent() ? "" : seenBy.getOrDefault(action.target(), ""));
    String firewall = spec.flatMap(s -> s.property(ProcessSpec.FIREWALL)).orElse("");
    return new NodeActions.Parts(process(manager), firewall(firewall));
  }
}
