package dev.steward.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.CoreSettings;
import dev.steward.FirewallManager;
import dev.steward.FirewallRule;
import dev.steward.HostMetrics;
import dev.steward.NodeLifecycle;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.Probe;
import dev.steward.ProcessSpec;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.StewardException;
import dev.steward.TransportException;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.drift.DriftClass;
import dev.steward.plan.Budgets;
import dev.steward.reconcile.PassReport;
import dev.steward.reconcile.Reconciler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node kind over several hosts and managers, through the real loop: each named manager lists
 * its nodes per host, a host it cannot list is unknown and left alone while the others go on, every
 * port opens with its protocol in the fleet's firewall, and a node nothing records is removed by
 * the manager that saw it.
 */
class NodeKindHostsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
  private static final HostMetrics CALM = new HostMetrics(5, 10, 80, 0.1, 4);

  /** A manager on "remote" hosts: the scripted one, with hosts that refuse to be listed. */
  private static final class RemoteManager extends ScriptedProcessManager {
    final Set<String> down = ConcurrentHashMap.newKeySet();
    final List<String> listed = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<ProcessStatus> list(String host) {
      listed.add(host);
      if (down.contains(host)) {
        throw new TransportException(host, "Could not connect to " + host + ": connection refused", null);
      }
      return super.list(host);
    }
  }

  /** Records every rule opened and closed. */
  private static final class RecordingFirewall implements FirewallManager {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<FirewallRule> rules(String host) {
      return List.of();
    }

    @Override
    public void allow(String host, FirewallRule rule) {
      calls.add("allow " + rule + " on " + host);
    }

    @Override
    public void remove(String host, FirewallRule rule) {
      calls.add("remove " + rule + " on " + host);
    }
  }

  private final ScriptedProcessManager local = new ScriptedProcessManager();
  private final RemoteManager remote = new RemoteManager();
  private final RecordingFirewall firewall = new RecordingFirewall();
  private final Probe probe = host -> Observation.reached(host, CLOCK.instant(), List.of(), CALM);
  private StateStore store;
  private Reconciler reconciler;
  private List<DesiredFleet> fleets;
  private NodeKind kind;

  @BeforeEach
  void setUp() {
    Settings settings = Settings.builder().set(CoreSettings.STATE_STORE, "memory").clock(CLOCK).build();
    store = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE, settings);
    FleetOptions options = FleetOptions.DEFAULT.withManager("remote").withFirewall("fw")
        .withProtocol(FirewallRule.Protocol.UDP).withPorts(List.of(new FleetOptions.Port("rpc", 7000, FirewallRule.Protocol.TCP)));
    DesiredFleet web = new DesiredFleet("web", "h1", 2, "1.0", Map.of(ProcessSpec.COMMAND, "node --port {port} --rpc {port.rpc}"),
        OptionalInt.of(9000), options);
    fleets = List.of(web, web.onHost("h2"));
    kind = NodeKind.builder().fleets(() -> fleets).processManager(local).processManager("remote", remote)
        .firewall("fw", firewall).selector((candidates, count) -> candidates.subList(0, count)).build();
    reconciler = Reconciler.builder().store(store).probe(probe).kind(kind).budgets(Budgets.unlimited()).clock(CLOCK).build();
  }

  @AfterEach
  void tearDown() {
    reconciler.close();
  }

  @Test
  void aHostItsManagerCannotListIsUnknownAndNothingIsDoneThereWhileTheOtherHostGoesOn() {
    remote.down.add("h2");

    PassReport first = reconciler.reconcileOnce();

    assertThat(first.outcomes()).extracting(o -> o.action().type() + " " + o.action().target())
        .containsExactlyInAnyOrder("ADD node/web-1@h1", "ADD node/web-2@h1", "SURVEY fleet/web@h2");
    assertThat(first.observations()).filteredOn(o -> o.host().equals("h2")).singleElement()
        .satisfies(o -> assertThat(o.unreachableReason()).hasValue(
            "the remote process manager could not list its nodes on h2: Could not connect to h2: connection refused"));
    assertThat(remote.running.keySet()).extracting(ResourceKey::toString).containsExactlyInAnyOrder("node/web-1@h1", "node/web-2@h1");
    assertThat(local.calls).as("the default manager runs no node of a fleet that names another").isEmpty();

    remote.down.clear();
    reconciler.reconcileOnce();

    assertThat(remote.running.keySet()).extracting(ResourceKey::toString)
        .containsExactlyInAnyOrder("node/web-1@h1", "node/web-2@h1", "node/web-1@h2", "node/web-2@h2");
    assertThat(store.get(ResourceKey.of("node", "web-2", "h2")).state()).isEqualTo(NodeLifecycle.RUNNING);
  }

  @Test
  void everyPortOpensWithItsProtocolInTheFleetsFirewallAndClosesWhenTheNodeGoes() {
    reconciler.reconcileOnce();

    assertThat(firewall.calls).contains("allow 9000/udp (web-1) on h1", "allow 7000/tcp (web-1) on h1",
        "allow 9001/udp (web-2) on h2", "allow 7001/tcp (web-2) on h2");
    assertThat(kind.statusItem(store.get(ResourceKey.of("node", "web-2", "h2"))).orElseThrow().attributes())
        .containsEntry("host", "h2").containsEntry("port", "9001/udp").doesNotContainKey("local");

    fleets = List.of(fleets.get(0), new DesiredFleet("web", "h2", 1, "1.0", fleets.get(1).template(), OptionalInt.of(9000),
        fleets.get(1).options()));
    reconciler.reconcileOnce();

    // The selector here takes the first candidate: web-1.
    assertThat(firewall.calls).filteredOn(call -> call.startsWith("remove"))
        .containsExactlyInAnyOrder("remove 9000/udp (web-1) on h2", "remove 7000/tcp (web-1) on h2");
    assertThat(remote.running.keySet()).extracting(ResourceKey::toString)
        .containsExactlyInAnyOrder("node/web-1@h1", "node/web-2@h1", "node/web-2@h2");
  }

  @Test
  void aFleetNodeTheManagerRunsAndNothingRecordsIsAnOrphanRemovedByThatManager() {
    reconciler.reconcileOnce();
    remote.start(new dev.steward.Spec(ResourceKey.of("node", "web-9", "h1"), Map.of(ProcessSpec.COMMAND, "x")));

    PassReport report = reconciler.planOnce();

    assertThat(report.drift().entries()).filteredOn(e -> e.key().name().equals("web-9")).singleElement()
        .satisfies(e -> {
          assertThat(e.drift()).isEqualTo(DriftClass.ORPHAN);
          assertThat(e.observed().map(ObservedResource::attributes).orElseThrow()).containsEntry("manager", "remote");
        });
    reconciler.reconcileOnce();
    assertThat(remote.running.keySet()).extracting(ResourceKey::toString).doesNotContain("node/web-9@h1");
    assertThat(store.find(ResourceKey.of("node", "web-9", "h1"))).isEmpty();
    assertThat(remote.listed).contains("h1", "h2");
  }

  @Test
  void aFleetThatNamesAManagerTheKindWasNotGivenFailsThePassWithWhatToDo() {
    fleets = List.of(fleets.get(0).withOptions(fleets.get(0).options().withManager("docker")));

    assertThatThrownBy(reconciler::reconcileOnce)
        .isInstanceOf(StewardException.class)
        .hasMessage("Fleet web wants its nodes run by process manager 'docker', which this node kind was not given"
            + " (it has the default one and remote). Put the module that provides it on the class path"
            + " (e.g. steward-manager-docker) or name another manager.");
    assertThat(store.list()).extracting(ResourceRecord::key).isEmpty();
  }
}
