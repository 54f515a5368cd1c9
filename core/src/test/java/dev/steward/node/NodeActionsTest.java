package dev.steward.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Action;
import dev.steward.ActionType;
import dev.steward.CoreSettings;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.internal.firewall.NoFirewall;
import dev.steward.NodeLifecycle;
import dev.steward.reconcile.ActionOutcome;
import dev.steward.reconcile.Backoff;
import dev.steward.reconcile.Executor;
import dev.steward.reconcile.ReconcileListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeActionsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final ScriptedProcessManager processes = new ScriptedProcessManager();
  private final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
  private StateStore store;
  private Executor executor;
  private NodeKind kind;

  @BeforeEach
  void setUp() {
    Settings settings = Settings.builder().set(CoreSettings.STATE_STORE, "memory").clock(clock).build();
    store = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE, settings);
    ReconcileListener listener = new ReconcileListener() {
      @Override
      public void recordChanged(Optional<ResourceRecord> before, Optional<ResourceRecord> after) {
        events.add(before.map(ResourceRecord::state).orElse("-") + ">" + after.map(ResourceRecord::state).orElse("-"));
      }

      @Override
      public void actionFinished(ActionOutcome outcome) {
        events.add(outcome.action().type() + ":" + outcome.result());
      }
    };
    executor = new Executor(store, new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 0, 1), clock, listener, 4);
    kind = NodeKind.builder().fleets(List.of()).processManager(processes).firewall(new NoFirewall())
        .selector((candidates, count) -> candidates.subList(0, count)).stopGrace(Duration.ofSeconds(1)).build();
  }

  @AfterEach
  void tearDown() {
    executor.close();
  }

  @Test
  void addRecordsTheIntentThenRunsTheNode() {
    ActionOutcome outcome = executor.run(kind, add(WEB_1, "1.0"));

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.DONE);
    ResourceRecord record = store.get(WEB_1);
    assertThat(record.state()).isEqualTo(NodeLifecycle.RUNNING);
    assertThat(record.attribute(NodeAttributes.PID)).contains("1001");
    assertThat(record.attribute(NodeAttributes.PENDING_ACTION)).isEmpty();
    assertThat(store.history(WEB_1)).extracting(t -> t.to())
        .containsExactly(NodeLifecycle.PLANNED, NodeLifecycle.CREATING, NodeLifecycle.STARTING, NodeLifecycle.RUNNING);
    assertThat(events).containsExactly("->PLANNED", "PLANNED>CREATING", "CREATING>STARTING", "STARTING>RUNNING", "ADD:DONE");
  }

  @Test
  void aStartInterruptedAfterTheProcessBeganAdoptsItInsteadOfStartingASecond() {
    executor.run(kind, add(WEB_1, "1.0"));
    // As if the reconciler died after starting the process and before writing RUNNING:
    store.transition(WEB_1, NodeLifecycle.FAILED, "simulated");
    store.transition(WEB_1, NodeLifecycle.STARTING, "simulated crash point");

    ActionOutcome outcome = executor.run(kind, new Action(ActionType.START, WEB_1, 0, "resuming", Optional.empty()));

    assertThat(outcome.detail()).startsWith("adopted the running process");
    assertThat(processes.starts()).isEqualTo(1);
    assertThat(store.get(WEB_1).state()).isEqualTo(NodeLifecycle.RUNNING);
  }

  @Test
  void aFailedStartIsCountedAndBacksOff() {
    processes.failStarts.put("web-1", "command /nonexistent not found");

    ActionOutcome first = executor.run(kind, add(WEB_1, "1.0"));
    ActionOutcome second = executor.run(kind, new Action(ActionType.START, WEB_1, 0, "retry", Optional.empty()));

    assertThat(first.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(first.detail()).isEqualTo("command /nonexistent not found");
    assertThat(second.errorType()).contains("StewardException");
    ResourceRecord record = store.get(WEB_1);
    assertThat(record.state()).isEqualTo(NodeLifecycle.FAILED);
    assertThat(record.failures().attempts()).isEqualTo(2);
    assertThat(record.failures().lastErrorMessage()).isEqualTo("command /nonexistent not found");
    assertThat(record.attribute(NodeAttributes.NEXT_ATTEMPT_AT)).contains(NOW.plusSeconds(20).toString());

    processes.failStarts.clear();
    executor.run(kind, new Action(ActionType.START, WEB_1, 0, "retry", Optional.empty()));
    assertThat(store.get(WEB_1).failures().isFailing()).isFalse();
    assertThat(store.get(WEB_1).attribute(NodeAttributes.NEXT_ATTEMPT_AT)).isEmpty();
  }

  @Test
  void oneFailingActionDoesNotStopTheOthers() {
    processes.failStarts.put("web-1", "boom");

    List<ActionOutcome> outcomes = executor.execute(kind, List.of(add(WEB_1, "1.0"), add(WEB_2, "1.0")));

    assertThat(outcomes).extracting(ActionOutcome::result).containsExactly(ActionOutcome.Result.FAILED, ActionOutcome.Result.DONE);
    assertThat(store.get(WEB_2).state()).isEqualTo(NodeLifecycle.RUNNING);
  }

  @Test
  void removeStopsThenRecordsRemovedAndTheNameCanBeAddedAgain() {
    executor.run(kind, add(WEB_1, "1.0"));

    executor.run(kind, new Action(ActionType.REMOVE, WEB_1, 2, "too many"));

    assertThat(processes.running).doesNotContainKey(WEB_1);
    assertThat(store.get(WEB_1).state()).isEqualTo(NodeLifecycle.REMOVED);
    assertThat(store.history(WEB_1)).extracting(t -> t.to()).endsWith(
        NodeLifecycle.STOPPING, NodeLifecycle.STOPPED, NodeLifecycle.REMOVING, NodeLifecycle.REMOVED);

    executor.run(kind, add(WEB_1, "1.0"));
    assertThat(store.get(WEB_1).state()).isEqualTo(NodeLifecycle.RUNNING);
  }

  @Test
  void removingAnUnrecordedProcessStopsItAndWritesNothing() {
    processes.start(new Spec(WEB_2, Map.of("command", "x")));

    ActionOutcome outcome = executor.run(kind, new Action(ActionType.REMOVE, WEB_2, 1, "orphan"));

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.DONE);
    assertThat(processes.running).isEmpty();
    assertThat(store.find(WEB_2)).isEmpty();
  }

  @Test
  void upgradeReplacesTheProcessAndAnInterruptedUpgradeKeepsTheNewOne() {
    executor.run(kind, add(WEB_1, "1.0"));

    executor.run(kind, new Action(ActionType.UPGRADE, WEB_1, 3, "runs 1.0, wants 2.0", Optional.of(spec(WEB_1, "2.0"))));

    ResourceRecord record = store.get(WEB_1);
    assertThat(record.state()).isEqualTo(NodeLifecycle.RUNNING);
    assertThat(record.spec().orElseThrow().property("version")).contains("2.0");
    assertThat(record.attribute(NodeAttributes.PID)).contains("1002");

    // Interrupted after the 3.0 process started, before RUNNING was written:
    store.transition(WEB_1, NodeLifecycle.UPGRADING, "simulated");
    store.updateSpec(WEB_1, spec(WEB_1, "3.0"));
    processes.stop(WEB_1, Duration.ZERO);
    processes.start(spec(WEB_1, "3.0"));
    long startsBefore = processes.starts();

    executor.run(kind, new Action(ActionType.UPGRADE, WEB_1, 0, "resuming", Optional.of(spec(WEB_1, "3.0"))));

    assertThat(processes.starts()).isEqualTo(startsBefore);
    assertThat(store.get(WEB_1).attribute(NodeAttributes.PID)).contains("1003");
  }

  @Test
  void aRunningRecordWhoseProcessIsGoneIsMarkedDeadAndStarted() {
    executor.run(kind, add(WEB_1, "1.0"));
    processes.running.clear();

    executor.run(kind, new Action(ActionType.START, WEB_1, 0, "not found on local"));

    assertThat(store.history(WEB_1)).extracting(t -> t.to()).endsWith(NodeLifecycle.DEAD, NodeLifecycle.STARTING, NodeLifecycle.RUNNING);
    assertThat(store.get(WEB_1).attribute(NodeAttributes.PID)).contains("1002");
  }

  private static Action add(ResourceKey key, String version) {
    return new Action(ActionType.ADD, key, 4, "fleet web wants more", Optional.of(spec(key, version)));
  }

  private static Spec spec(ResourceKey key, String version) {
    return new Spec(key, Map.of("command", "demo --version " + version, "version", version));
  }
}
