package dev.steward.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.ProcessSpec;
import dev.steward.ProcessStartException;
import dev.steward.ProcessState;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Spec;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.spi.ProcessManagerProvider;
import dev.steward.testsupport.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ProcessManager} must have, with real processes: start is idempotent
 * (also when called concurrently), stop is idempotent and a no-op for unknown nodes, status and
 * list report what runs, a node that dies at once is a {@link ProcessStartException}, and a second
 * manager made from the same settings sees and controls what the first started.
 *
 * <p>Unless {@link #settings()} sets {@link CoreSettings#INSTANCE}, each test runs as its own
 * instance, so tests never see each other's processes. Every node a test starts is stopped after
 * it.
 */
public abstract class ProcessManagerContract extends ProviderContract<ProcessManagerProvider, ProcessManager> {
  private static final Duration CLEANUP_GRACE = Duration.ofSeconds(2);

  private Settings.Builder settings;
  private final List<ProcessManager> managers = new ArrayList<>();
  private final Set<ResourceKey> started = new java.util.TreeSet<>();
  protected ProcessManager manager;

  protected ProcessManagerContract() {
    super(ExtensionPoint.PROCESS_MANAGER);
  }

  /** A spec whose process runs until it is stopped. By default coreutils {@code sleep 600}. */
  protected Spec longRunning(ResourceKey key) {
    return Spec.of(key).with(ProcessSpec.COMMAND, "sleep 600").with(ProcessSpec.VERSION, "1.0");
  }

  /** A spec whose process exits at once with a non-zero status, after printing a line. */
  protected Spec exitingAtOnce(ResourceKey key) {
    return Spec.of(key).with(ProcessSpec.COMMAND, "sh -c 'echo the contract node gives up >&2; exit 3'");
  }

  /** The grace the tests give {@link ProcessManager#stop}. */
  protected Duration grace() {
    return Duration.ofSeconds(5);
  }

  /** How long the tests wait for a change made from outside to be seen. */
  protected Duration patience() {
    return Duration.ofSeconds(30);
  }

  /** Kills the process behind {@code running} without its manager knowing, as a crash would. */
  protected void killFromOutside(ProcessStatus running) {
    long pid = running.pid().orElseThrow(() -> new AssertionError("a running node has a pid: " + running));
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }

  @BeforeEach
  void createManager() {
    settings = settings();
    if (!settings.build().isSet(CoreSettings.INSTANCE)) {
      settings.set(CoreSettings.INSTANCE, "contract-" + UUID.randomUUID().toString().substring(0, 8));
    }
    manager = anotherManager();
  }

  @AfterEach
  void stopEverythingStarted() {
    try {
      for (ResourceKey key : started) {
        manager.stop(key, CLEANUP_GRACE);
      }
      for (ResourceKey key : started) {
        assertThat(manager.status(key).state()).as("%s after the test's clean-up", key).isNotEqualTo(ProcessState.RUNNING);
      }
    } finally {
      managers.forEach(ProcessManager::close);
    }
  }

  /** A further manager made from the same settings, as after a restart; closed after the test. */
  protected ProcessManager anotherManager() {
    ProcessManager made = create(settings);
    managers.add(made);
    return made;
  }

  /** A key of this test, remembered so the node is stopped after it. */
  protected ResourceKey node(String name) {
    ResourceKey key = ResourceKey.local("node", name);
    started.add(key);
    return key;
  }

  @Test
  @DisplayName("starts a node that is then running, with a pid and a start time")
  void startsARunningNode() {
    ResourceKey key = node("contract-start");

    ProcessStatus status = manager.start(longRunning(key));

    assertThat(status.key()).isEqualTo(key);
    assertThat(status.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(status.pid()).isPresent();
    assertThat(status.startedAt()).isPresent();
    ProcessStatus again = manager.status(key);
    assertThat(again.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(again.pid()).isEqualTo(status.pid());
  }

  @Test
  @DisplayName("reports a node it never heard of as absent, and does not list it")
  void unknownIsAbsent() {
    ResourceKey key = node("contract-never-started");

    assertThat(manager.status(key)).isEqualTo(ProcessStatus.absent(key));
    assertThat(manager.list()).extracting(ProcessStatus::key).doesNotContain(key);
  }

  @Test
  @DisplayName("starting a running node again returns it and starts nothing new")
  void startIsIdempotent() {
    ResourceKey key = node("contract-twice");
    ProcessStatus first = manager.start(longRunning(key));

    ProcessStatus second = manager.start(longRunning(key));

    assertThat(second.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(second.pid()).isEqualTo(first.pid());
    assertThat(second.startedAt()).isEqualTo(first.startedAt());
    assertThat(manager.list()).filteredOn(s -> s.key().equals(key)).hasSize(1);
  }

  @Test
  @DisplayName("concurrent starts of one node start one process")
  void concurrentStartsStartOneProcess() throws Exception {
    ResourceKey key = node("contract-race");
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ProcessStatus>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return manager.start(longRunning(key));
        }));
      }
      go.countDown();
      List<ProcessStatus> statuses = new ArrayList<>();
      for (Future<ProcessStatus> result : results) {
        statuses.add(result.get(2, TimeUnit.MINUTES));
      }

      assertThat(statuses).extracting(ProcessStatus::state).containsOnly(ProcessState.RUNNING);
      assertThat(statuses.stream().map(ProcessStatus::pid).collect(Collectors.toSet())).hasSize(1);
      assertThat(manager.status(key).pid()).isEqualTo(statuses.get(0).pid());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("stops a running node, and stopping it again is harmless")
  void stopIsIdempotent() {
    ResourceKey key = node("contract-stop");
    manager.start(longRunning(key));

    ProcessStatus stopped = manager.stop(key, grace());
    ProcessStatus again = manager.stop(key, grace());

    assertThat(stopped.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(again.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(manager.status(key).state()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  @DisplayName("stopping a node it never heard of changes nothing and reports it absent")
  void stopUnknownIsANoOp() {
    ResourceKey key = node("contract-stop-unknown");

    ProcessStatus status = manager.stop(key, grace());

    assertThat(status).isEqualTo(ProcessStatus.absent(key));
    assertThat(manager.status(key).state()).isEqualTo(ProcessState.ABSENT);
    assertThat(manager.list()).extracting(ProcessStatus::key).doesNotContain(key);
  }

  @Test
  @DisplayName("lists every node it knows, running or stopped")
  void listsRunningAndStoppedNodes() {
    ResourceKey running = node("contract-list-running");
    ResourceKey stopped = node("contract-list-stopped");
    manager.start(longRunning(running));
    manager.start(longRunning(stopped));
    manager.stop(stopped, grace());

    List<ProcessStatus> all = manager.list();

    assertThat(all).filteredOn(s -> s.key().equals(running)).singleElement()
        .extracting(ProcessStatus::state).isEqualTo(ProcessState.RUNNING);
    assertThat(all).filteredOn(s -> s.key().equals(stopped)).singleElement()
        .extracting(ProcessStatus::state).isEqualTo(ProcessState.STOPPED);
    assertThat(all).isUnmodifiable();
  }

  @Test
  @DisplayName("lists the nodes of one host through list(host), running or stopped, and none of another host")
  void listsTheNodesOfOneHost() {
    ResourceKey running = node("contract-host-running");
    ResourceKey stopped = node("contract-host-stopped");
    manager.start(longRunning(running));
    manager.start(longRunning(stopped));
    manager.stop(stopped, grace());

    List<ProcessStatus> onHost = manager.list(running.host());

    assertThat(onHost).allSatisfy(s -> assertThat(s.key().host()).isEqualTo(running.host()));
    assertThat(onHost).filteredOn(s -> s.key().equals(running)).singleElement()
        .extracting(ProcessStatus::state).isEqualTo(ProcessState.RUNNING);
    assertThat(onHost).filteredOn(s -> s.key().equals(stopped)).singleElement()
        .extracting(ProcessStatus::state).isNotEqualTo(ProcessState.RUNNING);
  }

  @Test
  @DisplayName("remove ends a node for good: it runs no more, removing again changes nothing, and the name can be started again")
  void removeEndsANode() {
    ResourceKey key = node("contract-remove");
    manager.start(longRunning(key));

    ProcessStatus removed = manager.remove(key, grace());

    assertThat(removed.key()).isEqualTo(key);
    assertThat(removed.state()).isNotEqualTo(ProcessState.RUNNING);
    assertThat(manager.status(key).state()).isNotEqualTo(ProcessState.RUNNING);
    assertThat(manager.list(key.host())).filteredOn(s -> s.key().equals(key))
        .allSatisfy(s -> assertThat(s.state()).isNotEqualTo(ProcessState.RUNNING));
    assertThat(manager.remove(key, grace()).state()).isNotEqualTo(ProcessState.RUNNING);
    assertThat(manager.start(longRunning(key)).state()).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  @DisplayName("names what it drives on its nodes' host by component, the same when asked again, in a map that cannot be changed")
  void namesTheVersionsOfWhatItDrives() {
    Map<String, String> versions = manager.versions(ResourceKey.LOCAL);

    assertThat(versions).allSatisfy((component, version) -> {
      assertThat(component).isNotBlank();
      assertThat(version).isNotBlank();
    });
    assertThat(manager.versions(ResourceKey.LOCAL)).isEqualTo(versions);
    assertThatThrownBy(() -> versions.put("contract", "1")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @DisplayName("a node started again after a stop runs again")
  void restartsAfterStop() {
    ResourceKey key = node("contract-restart");
    manager.start(longRunning(key));
    manager.stop(key, grace());

    ProcessStatus again = manager.start(longRunning(key));

    assertThat(again.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(manager.status(key).state()).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  @DisplayName("a second manager made from the same settings sees and stops what the first started")
  void anotherManagerAdoptsRunningNodes() {
    ResourceKey key = node("contract-adopt");
    ProcessStatus first = manager.start(longRunning(key));
    manager.close();

    manager = anotherManager();
    ProcessStatus seen = manager.status(key);

    assertThat(seen.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(seen.pid()).isEqualTo(first.pid());
    assertThat(manager.list()).filteredOn(s -> s.key().equals(key)).singleElement()
        .extracting(ProcessStatus::pid).isEqualTo(first.pid());
    assertThat(manager.stop(key, grace()).state()).isEqualTo(ProcessState.STOPPED);
    assertThat(anotherManager().status(key).state()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  @DisplayName("a node that exits at once fails to start with a ProcessStartException naming it, and is FAILED")
  void nodeThatExitsAtOnceFailsToStart() {
    ResourceKey key = node("contract-exits");

    assertThatThrownBy(() -> manager.start(exitingAtOnce(key)))
        .isInstanceOf(ProcessStartException.class)
        .hasMessageContaining(key.toString())
        .satisfies(e -> assertThat(((ProcessStartException) e).key()).isEqualTo(key));
    assertThat(manager.status(key).state()).isEqualTo(ProcessState.FAILED);
  }

  @Test
  @DisplayName("a node killed from outside is seen as FAILED, and starts again")
  void nodeKilledFromOutsideIsFailed() {
    ResourceKey key = node("contract-killed");
    ProcessStatus running = manager.start(longRunning(key));

    killFromOutside(running);

    ProcessStatus after = await(() -> manager.status(key), s -> s.state() != ProcessState.RUNNING, "not RUNNING");
    assertThat(after.state()).isEqualTo(ProcessState.FAILED);
    assertThat(manager.start(longRunning(key)).state()).isEqualTo(ProcessState.RUNNING);
  }

  /** Polls {@code read} until {@code done}, for at most {@link #patience()}. */
  protected <T> T await(Supplier<T> read, java.util.function.Predicate<T> done, String what) {
    return Poll.within(patience()).await(what, read, done);
  }
}
