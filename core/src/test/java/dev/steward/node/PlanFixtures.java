package dev.steward.node;

import dev.steward.CoreSettings;
import dev.steward.Failures;
import dev.steward.HostMetrics;
import dev.steward.NodeSelector;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.drift.Drift;
import dev.steward.drift.DriftReport;
import dev.steward.drift.DriftRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Builds planner inputs the way a reconciler would: records, what a probe saw, and the drift between them. */
final class PlanFixtures {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final HostMetrics CALM = new HostMetrics(20, 30, 70, 0.5, 4);
  private static final ProviderRegistry REGISTRY = ProviderRegistry.discover();

  private PlanFixtures() {}

  static NodeSelector selector(String id) {
    return REGISTRY.create(ExtensionPoint.NODE_SELECTOR, Settings.builder().set(CoreSettings.NODE_SELECTOR, id).build());
  }

  static List<String> selectorIds() {
    return REGISTRY.providers(ExtensionPoint.NODE_SELECTOR).stream().map(p -> p.id()).toList();
  }

  static DesiredFleet fleet(String name, int count, String version) {
    return fleet(name, "local", count, version);
  }

  static DesiredFleet fleet(String name, String host, int count, String version) {
    return new DesiredFleet(name, host, count, version, Map.of(ProcessSpec.COMMAND, "demo-node --name {name} --port {port}"),
        OptionalInt.of(9000));
  }

  /** Node {@code index} of {@code fleet} in {@code state}, running {@code version}, created {@code index} minutes after a base time. */
  static ResourceRecord node(DesiredFleet fleet, int index, String state, String version, String... attributes) {
    Map<String, String> attrs = new HashMap<>();
    attrs.put(NodeAttributes.FLEET, fleet.name());
    attrs.put(NodeAttributes.INDEX, Integer.toString(index));
    for (int i = 0; i < attributes.length; i += 2) {
      attrs.put(attributes[i], attributes[i + 1]);
    }
    Instant created = NOW.minusSeconds(86_400).plusSeconds(60L * index);
    return new ResourceRecord(fleet.nodeKey(index), "node", state, "", Optional.of(fleet.specFor(index).with(ProcessSpec.VERSION, version)),
        attrs, created, created, Failures.none(), 1);
  }

  /** {@code record} as last changed at {@code at} (its creation stays; {@code at} must not be before it). */
  static ResourceRecord changedAt(ResourceRecord record, Instant at) {
    return new ResourceRecord(record.key(), record.lifecycle(), record.state(), record.reason(), record.spec(), record.attributes(),
        record.createdAt(), at, record.failures(), record.checkpoints(), record.version() + 1);
  }

  static ResourceRecord failing(ResourceRecord record, int attempts) {
    Failures failures = Failures.none();
    for (int i = 0; i < attempts; i++) {
      failures = failures.plus(NOW.minusSeconds(100 - i), "StartFailed", "exit status 1");
    }
    return record.withFailures(failures, record.updatedAt());
  }

  /** A pass's view: records, which keys a probe saw on each reachable host, unreachable hosts and metrics. */
  static final class View {
    final List<DesiredFleet> fleets = new ArrayList<>();
    final List<ResourceRecord> records = new ArrayList<>();
    final Set<ResourceKey> seen = new LinkedHashSet<>();
    final Map<String, String> unreachable = new HashMap<>();
    final Map<String, HostMetrics> metrics = new HashMap<>();
    Instant now = NOW;

    View fleets(DesiredFleet... more) {
      fleets.addAll(List.of(more));
      return this;
    }

    /** A record whose node a probe also saw (unless its host is unreachable). */
    View running(ResourceRecord... more) {
      for (ResourceRecord record : more) {
        records.add(record);
        seen.add(record.key());
      }
      return this;
    }

    /** A record whose node a probe did not see. */
    View unseen(ResourceRecord... more) {
      records.addAll(List.of(more));
      return this;
    }

    /** Something a probe saw that no record has. */
    View stray(ResourceKey key) {
      seen.add(key);
      return this;
    }

    View metrics(String host, HostMetrics m) {
      metrics.put(host, m);
      return this;
    }

    View unreachable(String host, String reason) {
      unreachable.put(host, reason);
      return this;
    }

    DriftReport drift() {
      Set<String> hosts = new LinkedHashSet<>();
      fleets.forEach(f -> hosts.add(f.host()));
      records.forEach(r -> hosts.add(r.key().host()));
      seen.forEach(k -> hosts.add(k.host()));
      List<Observation> observations = new ArrayList<>();
      for (String host : hosts) {
        if (unreachable.containsKey(host)) {
          observations.add(Observation.unreachable(host, now, unreachable.get(host)));
        } else {
          List<ObservedResource> found = seen.stream().filter(k -> k.host().equals(host)).map(ObservedResource::of).toList();
          observations.add(new Observation(host, now, Optional.empty(), found, Optional.ofNullable(metrics.get(host))));
        }
      }
      return Drift.classify(records, observations, DriftRules.builder(Set.of(DesiredFleet.NODE_KIND)).build());
    }

    PlanInput input() {
      Map<String, HostMetrics> reachable = new HashMap<>(metrics);
      reachable.keySet().removeAll(unreachable.keySet());
      return new PlanInput(fleets, records, drift(), reachable, now);
    }
  }

  static View view() {
    return new View().metrics("local", CALM);
  }
}
