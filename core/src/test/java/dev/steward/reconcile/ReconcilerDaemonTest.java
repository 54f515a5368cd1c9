package dev.steward.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.CoreSettings;
import dev.steward.Observation;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.node.DesiredFleet;
import dev.steward.node.NodeKind;
import dev.steward.node.ScriptedProcessManager;
import dev.steward.testsupport.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ReconcilerDaemonTest {
  private final AtomicInteger observed = new AtomicInteger();

  @Test
  void runsPassesOnRequestHoldsThemWhilePausedAndStopsCleanly() throws Exception {
    try (Reconciler reconciler = reconciler()) {
      ReconcilerDaemon daemon = reconciler.startDaemon(Duration.ofHours(1), Duration.ZERO);
      waitFor(() -> daemon.passes() == 1);

      daemon.requestPass();
      waitFor(() -> daemon.passes() == 2);

      daemon.pause();
      daemon.requestPass();
      assertThat(daemon.isPaused()).isTrue();
      daemon.resume();
      waitFor(() -> daemon.passes() == 3);

      assertThat(daemon.stop(Duration.ofSeconds(10))).isTrue();
      assertThat(observed.get()).isEqualTo(3);
    }
  }

  @Test
  void aPassThatThrowsIsLoggedAndTheNextOneRuns() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Reconciler reconciler = reconciler(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("first pass breaks");
      }
      return List.of(new DesiredFleet("web", "local", 0, "1", Map.of("command", "x"), OptionalInt.empty()));
    })) {
      ReconcilerDaemon daemon = reconciler.startDaemon(Duration.ofMillis(10), Duration.ZERO);
      waitFor(() -> daemon.passes() >= 2);
      assertThat(daemon.stop(Duration.ofSeconds(10))).isTrue();
      assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    }
  }

  private Reconciler reconciler() {
    return reconciler(() -> List.of(new DesiredFleet("web", "local", 0, "1", Map.of("command", "x"), OptionalInt.empty())));
  }

  private Reconciler reconciler(java.util.function.Supplier<List<DesiredFleet>> fleets) {
    ProviderRegistry registry = ProviderRegistry.discover();
    Settings settings = Settings.builder().set(CoreSettings.STATE_STORE, "memory").build();
    StateStore store = registry.create(ExtensionPoint.STATE_STORE, settings);
    return Reconciler.builder()
        .store(store)
        .probe(host -> {
          observed.incrementAndGet();
          return Observation.reached(host, Instant.now(), List.of());
        })
        .kind(NodeKind.builder()
            .processManager(new ScriptedProcessManager())
            .selector(registry.create(ExtensionPoint.NODE_SELECTOR, settings))
            .fleets(fleets)
            .build())
        .build();
  }

  private static void waitFor(BooleanSupplier condition) {
    Poll.within(Duration.ofSeconds(10)).every(Duration.ofMillis(5)).await("the daemon's passes", condition);
  }
}
