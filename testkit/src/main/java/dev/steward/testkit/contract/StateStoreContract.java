package dev.steward.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.CoreSettings;
import dev.steward.RecordExistsException;
import dev.steward.RecordNotFoundException;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.UnknownLifecycleException;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.IllegalTransitionException;
import dev.steward.Lifecycle;
import dev.steward.NodeLifecycle;
import dev.steward.spi.StateStoreProvider;
import dev.steward.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link StateStore} must have. */
public abstract class StateStoreContract extends ProviderContract<StateStoreProvider, StateStore> {
  /** A small custom lifecycle, to show stores accept tables other than the node one. */
  protected static final Lifecycle JOB = Lifecycle.builder("job")
      .initial("QUEUED")
      .allow("QUEUED", "RUNNING")
      .allow("RUNNING", "DONE", "QUEUED")
      .terminal("DONE")
      .build();

  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");

  protected final MutableClock clock = MutableClock.startingAtEpochOf2026();
  protected StateStore store;

  protected StateStoreContract() {
    super(ExtensionPoint.STATE_STORE);
  }

  @BeforeEach
  void openStore() {
    store = create(settings().clock(clock).lifecycles(JOB));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  @DisplayName("creates a record in its lifecycle's initial state at version 1")
  void createsInInitialState() {
    Spec spec = Spec.of(WEB_1).with("version", "1.2");

    ResourceRecord record = store.create(WEB_1, "node", Optional.of(spec), "wanted by config");

    assertThat(record.state()).isEqualTo(NodeLifecycle.PLANNED);
    assertThat(record.version()).isEqualTo(1);
    assertThat(record.reason()).isEqualTo("wanted by config");
    assertThat(record.spec()).contains(spec);
    assertThat(record.createdAt()).isEqualTo(clock.instant());
    assertThat(record.updatedAt()).isEqualTo(clock.instant());
    assertThat(store.find(WEB_1)).contains(record);
  }

  @Test
  @DisplayName("refuses to create a record twice and keeps the first")
  void refusesDuplicateCreate() {
    ResourceRecord first = store.create(WEB_1, "node", Optional.empty(), "first");

    assertThatThrownBy(() -> store.create(WEB_1, "node", Optional.empty(), "second"))
        .isInstanceOf(RecordExistsException.class)
        .hasMessageContaining(WEB_1.toString());
    assertThat(store.get(WEB_1)).isEqualTo(first);
  }

  @Test
  @DisplayName("moves a record along its lifecycle, one version per change")
  void transitions() {
    store.create(WEB_1, "node", Optional.empty(), "");
    clock.advance(Duration.ofSeconds(5));

    ResourceRecord creating = store.transition(WEB_1, NodeLifecycle.CREATING, "creating the process");

    assertThat(creating.state()).isEqualTo(NodeLifecycle.CREATING);
    assertThat(creating.reason()).isEqualTo("creating the process");
    assertThat(creating.version()).isEqualTo(2);
    assertThat(creating.updatedAt()).isEqualTo(clock.instant());
    assertThat(creating.createdAt()).isEqualTo(clock.instant().minusSeconds(5));
    assertThat(store.get(WEB_1)).isEqualTo(creating);
  }

  @Test
  @DisplayName("refuses a transition its lifecycle does not allow and changes nothing")
  void refusesIllegalTransition() {
    ResourceRecord planned = store.create(WEB_1, "node", Optional.empty(), "");

    assertThatThrownBy(() -> store.transition(WEB_1, NodeLifecycle.RUNNING, "skip ahead"))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("Refused to move node/web-1@local from PLANNED to RUNNING: lifecycle 'node' allows PLANNED -> CREATING, REMOVED only");
    assertThat(store.get(WEB_1)).isEqualTo(planned);
  }

  @Test
  @DisplayName("accepts a write of the state a record is already in without a new version")
  void sameStateIsIdempotent() {
    store.create(WEB_1, "node", Optional.empty(), "");
    ResourceRecord creating = store.transition(WEB_1, NodeLifecycle.CREATING, "go");

    ResourceRecord again = store.transition(WEB_1, NodeLifecycle.CREATING, "go");

    assertThat(again).isEqualTo(creating);
  }

  @Test
  @DisplayName("follows a custom lifecycle given in the settings")
  void followsCustomLifecycle() {
    ResourceKey job = ResourceKey.local("job", "nightly");
    store.create(job, "job", Optional.empty(), "");
    store.transition(job, "RUNNING", "");

    assertThat(store.transition(job, "DONE", "finished").state()).isEqualTo("DONE");
    assertThatThrownBy(() -> store.transition(job, "RUNNING", "again"))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("DONE is a terminal state of lifecycle 'job'");
  }

  @Test
  @DisplayName("refuses a record for a lifecycle it does not know, naming the known ones")
  void refusesUnknownLifecycle() {
    assertThatThrownBy(() -> store.create(WEB_1, "pipeline", Optional.empty(), ""))
        .isInstanceOf(UnknownLifecycleException.class)
        .hasMessageContaining("'pipeline'")
        .hasMessageContaining("job, node");
    assertThat(store.find(WEB_1)).isEmpty();
  }

  @Test
  @DisplayName("reports a missing record by its key")
  void reportsMissingRecord() {
    assertThatThrownBy(() -> store.transition(WEB_1, NodeLifecycle.CREATING, ""))
        .isInstanceOf(RecordNotFoundException.class)
        .hasMessageContaining("node/web-1@local");
    assertThat(store.find(WEB_1)).isEmpty();
  }

  @Test
  @DisplayName("merges attributes and removes those set to empty")
  void mergesAttributes() {
    store.create(WEB_1, "node", Optional.empty(), "");
    store.updateAttributes(WEB_1, Map.of("pid", "4711", "port", "8080"));

    ResourceRecord record = store.updateAttributes(WEB_1, Map.of("pid", "", "log", "/var/log/web-1.log"));

    assertThat(record.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("port", "8080", "log", "/var/log/web-1.log"));
    assertThat(record.version()).isEqualTo(3);
  }

  @Test
  @DisplayName("counts failures with their times and last error, and forgets them on reset")
  void keepsFailureBookkeeping() {
    store.create(WEB_1, "node", Optional.empty(), "");
    Instant first = clock.instant();
    store.recordFailure(WEB_1, "TransportException", "connection refused");
    Instant last = clock.advance(Duration.ofMinutes(2));

    ResourceRecord failed = store.recordFailure(WEB_1, "CommandTimeoutException", "timed out");

    assertThat(failed.failures().attempts()).isEqualTo(2);
    assertThat(failed.failures().firstFailureAt()).contains(first);
    assertThat(failed.failures().lastFailureAt()).contains(last);
    assertThat(failed.failures().lastErrorType()).isEqualTo("CommandTimeoutException");
    assertThat(failed.failures().lastErrorMessage()).isEqualTo("timed out");
    assertThat(store.resetFailures(WEB_1).failures().isFailing()).isFalse();
  }

  @Test
  @DisplayName("records checkpoints with their time and keeps the first time when repeated")
  void keepsCheckpoints() {
    store.create(WEB_1, "node", Optional.empty(), "");
    Instant staged = clock.instant();
    ResourceRecord first = store.checkpoint(WEB_1, "STAGED");
    clock.advance(Duration.ofMinutes(1));

    ResourceRecord again = store.checkpoint(WEB_1, "STAGED");
    ResourceRecord second = store.checkpoint(WEB_1, "UPLOADED");

    assertThat(again).isEqualTo(first);
    assertThat(second.checkpoints()).containsExactlyEntriesOf(
        new java.util.TreeMap<>(Map.of("STAGED", staged, "UPLOADED", clock.instant())));
    assertThat(store.get(WEB_1).isCheckpointed("STAGED")).isTrue();
    assertThat(store.get(WEB_1).isCheckpointed("COMPLETE")).isFalse();
    assertThatThrownBy(() -> store.checkpoint(WEB_1, "no spaces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no spaces'");
  }

  @Test
  @DisplayName("reads back the last transitions of a record, oldest first")
  void keepsHistory() {
    store.create(WEB_1, "node", Optional.empty(), "wanted");
    clock.advance(Duration.ofSeconds(1));
    store.transition(WEB_1, NodeLifecycle.CREATING, "creating");
    store.transition(WEB_1, NodeLifecycle.CREATING, "creating");
    clock.advance(Duration.ofSeconds(1));
    store.transition(WEB_1, NodeLifecycle.FAILED, "exit 1");

    List<dev.steward.Transition> history = store.history(WEB_1);

    assertThat(history).extracting(t -> t.from().orElse("-") + ">" + t.to() + ":" + t.reason())
        .containsExactly("->PLANNED:wanted", "PLANNED>CREATING:creating", "CREATING>FAILED:exit 1");
    assertThat(history.get(2).at()).isEqualTo(clock.instant());
  }

  @Test
  @DisplayName("keeps only the configured number of transitions per record")
  void boundsHistory() {
    StateStore small = create(settings().clock(clock).set(dev.steward.CoreSettings.HISTORY_LIMIT, 3));
    try {
      small.create(WEB_2, "node", Optional.empty(), "");
      for (String state : List.of(NodeLifecycle.CREATING, NodeLifecycle.STARTING, NodeLifecycle.RUNNING, NodeLifecycle.STOPPING)) {
        small.transition(WEB_2, state, "");
      }

      assertThat(small.history(WEB_2)).extracting(dev.steward.Transition::to)
          .containsExactly(NodeLifecycle.STARTING, NodeLifecycle.RUNNING, NodeLifecycle.STOPPING);
    } finally {
      small.close();
    }
  }

  @Test
  @DisplayName("lists records ordered by key and forgets deleted ones")
  void listsAndDeletes() {
    store.create(WEB_2, "node", Optional.empty(), "");
    store.create(WEB_1, "node", Optional.empty(), "");

    assertThat(store.list()).extracting(ResourceRecord::key).containsExactly(WEB_1, WEB_2);
    assertThat(store.delete(WEB_1)).isTrue();
    assertThat(store.delete(WEB_1)).isFalse();
    assertThat(store.list()).extracting(ResourceRecord::key).containsExactly(WEB_2);
  }

  @Test
  @DisplayName("loses no update when many threads change records at once")
  void losesNoConcurrentUpdate() throws Exception {
    int threads = 8;
    int updatesPerThread = 50;
    store.create(WEB_1, "node", Optional.empty(), "");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < updatesPerThread; i++) {
            store.updateAttributes(WEB_1, Map.of("thread-" + thread, Integer.toString(i)));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    ResourceRecord record = store.get(WEB_1);
    assertThat(record.version()).isEqualTo(1 + threads * updatesPerThread);
    for (int t = 0; t < threads; t++) {
      assertThat(record.attributes()).containsEntry("thread-" + t, Integer.toString(updatesPerThread - 1));
    }
  }
}
