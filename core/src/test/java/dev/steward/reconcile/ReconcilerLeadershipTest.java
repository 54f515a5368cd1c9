package dev.steward.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.CoreSettings;
import dev.steward.HostMetrics;
import dev.steward.Observation;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderSettings;
import dev.steward.node.DesiredFleet;
import dev.steward.node.NodeKind;
import dev.steward.node.ScriptedProcessManager;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerLeadershipTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.discover();

  @TempDir
  Path dir;

  @Test
  void aFollowerOnlyObservesAndPlansAndTheLeaderActs() {
    StateStore store = REGISTRY.create(ExtensionPoint.STATE_STORE, Settings.builder().set(CoreSettings.STATE_STORE, "memory").build());
    try (LeaderElection leader = candidate("a"); LeaderElection follower = candidate("b");
        Reconciler followerLoop = reconciler(store, follower); Reconciler leaderLoop = reconciler(store, leader)) {
      leader.campaign();
      follower.campaign();

      PassReport followed = followerLoop.reconcileOnce();
      assertThat(followed.leading()).isFalse();
      assertThat(followed.dryRun()).isTrue();
      assertThat(followed.plan().actions()).isNotEmpty();
      assertThat(followed.outcomes()).isEmpty();
      assertThat(store.list()).isEmpty();

      PassReport led = leaderLoop.reconcileOnce();
      assertThat(led.leading()).isTrue();
      assertThat(led.dryRun()).isFalse();
      assertThat(led.outcomes()).as(led.outcomes().toString()).isNotEmpty().allSatisfy(o -> assertThat(o.failed()).isFalse());
      assertThat(store.list()).as(led.plan().toString()).isNotEmpty();
      assertThat(store.list()).hasSize(2);

      // The leader resigns mid-way: its next pass changes nothing, and the one that takes over acts.
      leader.resign();
      assertThat(leaderLoop.reconcileOnce().leading()).isFalse();
      assertThat(follower.campaign().leading()).isTrue();
      assertThat(followerLoop.reconcileOnce().leading()).isTrue();
    }
  }

  private LeaderElection candidate(String name) {
    return REGISTRY.create(ExtensionPoint.LEADER_ELECTION, Settings.builder()
        .set(LeaderSettings.DIRECTORY, dir).set(LeaderSettings.CANDIDATE, name).build());
  }

  private static Reconciler reconciler(StateStore store, LeaderElection election) {
    Settings settings = Settings.builder().build();
    return Reconciler.builder()
        .store(store)
        .probe(host -> Observation.reached(host, Instant.now(), List.of(), new HostMetrics(5, 10, 80, 0.1, 4)))
        .kind(NodeKind.builder()
            .processManager(new ScriptedProcessManager())
            .selector(REGISTRY.create(ExtensionPoint.NODE_SELECTOR, settings))
            .fleets(() -> List.of(new DesiredFleet("web", "local", 2, "1", Map.of("command", "x"), OptionalInt.empty())))
            .build())
        .leadership(election)
        .build();
  }
}
