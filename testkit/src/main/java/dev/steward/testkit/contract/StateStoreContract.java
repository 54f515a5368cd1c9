package dev.steward.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.steward.ChangeQuery;
import dev.steward.CoreSettings;
import dev.steward.InventoryLifecycle;
import dev.steward.ResourceChange;
import dev.steward.Sighting;
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

  @Test
  @DisplayName("a checkpoint may move the record in the same commit, checked by its lifecycle")
  void checkpointMovesTheRecord() {
    ResourceKey job = ResourceKey.local("job", "import");
    store.create(job, JOB.name(), Optional.empty(), "queued");
    clock.advance(Duration.ofSeconds(5));

    ResourceRecord running = store.checkpoint(job, "FETCHED", "RUNNING", "fetched its input");

    assertThat(running.version()).isEqualTo(2);
    assertThat(running.state()).isEqualTo("RUNNING");
    assertThat(running.reason()).isEqualTo("fetched its input");
    assertThat(running.checkpoints()).containsEntry("FETCHED", clock.instant());
    assertThat(store.history(job)).extracting(dev.steward.Transition::to).containsExactly("QUEUED", "RUNNING");
    assertThat(store.checkpoint(job, "FETCHED", "RUNNING", "fetched its input")).isEqualTo(running);
    assertThatThrownBy(() -> store.checkpoint(job, "IMPORTED", "QUEUED_AGAIN", "nope"))
        .isInstanceOf(IllegalTransitionException.class);
    clock.advance(Duration.ofSeconds(5));
    ResourceRecord done = store.checkpoint(job, "IMPORTED", "DONE", "imported");
    assertThat(done.version()).isEqualTo(3);
    assertThat(done.checkpoints()).containsOnlyKeys("FETCHED", "IMPORTED");
    assertThat(done.checkpoints().get("FETCHED")).isEqualTo(running.checkpoints().get("FETCHED"));
    assertThatThrownBy(() -> store.checkpoint(job, "AGAIN", "QUEUED", "a terminal state has no way out"))
        .isInstanceOf(IllegalTransitionException.class);
    assertThat(store.get(job)).isEqualTo(done);
  }

  // ---- The change feed (observe / changes) ----

  private static final ResourceKey VM_100 = ResourceKey.of("pve-qemu", "100", "pve1");
  private static final ResourceKey VM_101 = ResourceKey.of("pve-qemu", "101", "pve1");
  private static final ResourceKey POOL = ResourceKey.of("pve-storage", "local", "pve1");

  private static Map<String, ResourceChange.FieldChange> changed(String name, String before, String after) {
    return Map.of(name, new ResourceChange.FieldChange(Optional.ofNullable(before), Optional.ofNullable(after)));
  }

  @Test
  @DisplayName("observe: a resource seen for the first time is ADDED with every field, its record PRESENT")
  void observeAddsNewResources() {
    List<ResourceChange> made = store.observe(List.of(
        Sighting.present(VM_100, Map.of("memory", "2048", "node", "pve1")),
        Sighting.present(POOL, Map.of("type", "dir"))));

    assertThat(made).extracting(ResourceChange::key, ResourceChange::type)
        .containsExactly(tuple(VM_100, ResourceChange.Type.ADDED), tuple(POOL, ResourceChange.Type.ADDED));
    assertThat(made.get(0).fields()).containsOnlyKeys("memory", "node");
    assertThat(made.get(0).fields().get("memory")).isEqualTo(new ResourceChange.FieldChange(Optional.empty(), Optional.of("2048")));
    assertThat(made.get(0).at()).isEqualTo(clock.instant());
    ResourceRecord vm = store.get(VM_100);
    assertThat(vm.lifecycle()).isEqualTo(InventoryLifecycle.LIFECYCLE.name());
    assertThat(vm.state()).isEqualTo(InventoryLifecycle.PRESENT);
    assertThat(vm.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("memory", "2048", "node", "pve1"));
    assertThat(store.changes(ChangeQuery.all())).containsExactlyElementsOf(
        made.stream().sorted(java.util.Comparator.comparing(ResourceChange::key)).toList());
  }

  @Test
  @DisplayName("observe: the same fields again change and write nothing; other values are CHANGED with old and new")
  void observeRecordsOnlyWhatDiffers() {
    store.observe(List.of(Sighting.present(VM_100, Map.of("memory", "2048", "node", "pve1", "tags", "web"))));
    ResourceRecord first = store.get(VM_100);
    clock.advance(Duration.ofMinutes(5));

    assertThat(store.observe(List.of(Sighting.present(VM_100, Map.of("memory", "2048", "node", "pve1", "tags", "web"))))).isEmpty();
    assertThat(store.get(VM_100)).isEqualTo(first);

    clock.advance(Duration.ofMinutes(5));
    List<ResourceChange> made = store.observe(List.of(Sighting.present(VM_100, Map.of("memory", "4096", "node", "pve2"))));

    assertThat(made).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(ResourceChange.Type.CHANGED);
      assertThat(c.at()).isEqualTo(clock.instant());
      assertThat(c.fields()).containsOnlyKeys("memory", "node", "tags");
      assertThat(c.fields()).containsEntry("memory", changed("memory", "2048", "4096").get("memory"))
          .containsEntry("node", changed("node", "pve1", "pve2").get("node"))
          .containsEntry("tags", changed("tags", "web", null).get("tags"));
    });
    assertThat(store.get(VM_100).attributes()).containsOnly(Map.entry("memory", "4096"), Map.entry("node", "pve2"));
    assertThat(store.get(VM_100).version()).isEqualTo(first.version() + 1);
    assertThat(store.changes(ChangeQuery.all().resource(VM_100))).extracting(ResourceChange::type)
        .containsExactly(ResourceChange.Type.ADDED, ResourceChange.Type.CHANGED);
  }

  @Test
  @DisplayName("observe: not seen is not gone (UNKNOWN, no change); gone is REMOVED once, with the last values, and can come back")
  void observeTellsUnseenFromGone() {
    store.observe(List.of(Sighting.present(VM_100, Map.of("memory", "2048"))));
    clock.advance(Duration.ofMinutes(1));

    assertThat(store.observe(List.of(Sighting.unseen(VM_100, "node pve1 is down")))).isEmpty();
    assertThat(store.get(VM_100).state()).isEqualTo(InventoryLifecycle.UNKNOWN);
    assertThat(store.get(VM_100).reason()).isEqualTo("node pve1 is down");
    assertThat(store.get(VM_100).attributes()).containsEntry("memory", "2048");

    clock.advance(Duration.ofMinutes(1));
    assertThat(store.observe(List.of(Sighting.present(VM_100, Map.of("memory", "2048"))))).isEmpty();
    assertThat(store.get(VM_100).state()).isEqualTo(InventoryLifecycle.PRESENT);

    clock.advance(Duration.ofMinutes(1));
    List<ResourceChange> removed = store.observe(List.of(Sighting.gone(VM_100, "not in the cluster any more")));
    assertThat(removed).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(ResourceChange.Type.REMOVED);
      assertThat(c.fields()).isEqualTo(changed("memory", "2048", null));
    });
    assertThat(store.get(VM_100).state()).isEqualTo(InventoryLifecycle.REMOVED);
    assertThat(store.observe(List.of(Sighting.gone(VM_100, "still not there")))).isEmpty();
    assertThat(store.observe(List.of(Sighting.unseen(VM_100, "node pve1 is down")))).isEmpty();
    assertThat(store.get(VM_100).state()).isEqualTo(InventoryLifecycle.REMOVED);

    clock.advance(Duration.ofMinutes(1));
    assertThat(store.observe(List.of(Sighting.present(VM_100, Map.of("memory", "1024"))))).singleElement()
        .satisfies(c -> assertThat(c.type()).isEqualTo(ResourceChange.Type.ADDED))
        .satisfies(c -> assertThat(c.fields()).isEqualTo(changed("memory", null, "1024")));
    assertThat(store.get(VM_100).state()).isEqualTo(InventoryLifecycle.PRESENT);
    assertThat(store.history(VM_100)).extracting(dev.steward.Transition::to).containsExactly(InventoryLifecycle.PRESENT,
        InventoryLifecycle.UNKNOWN, InventoryLifecycle.PRESENT, InventoryLifecycle.REMOVED, InventoryLifecycle.PRESENT);
    assertThat(store.observe(List.of(Sighting.gone(VM_101, "never seen")))).isEmpty();
    assertThat(store.find(VM_101)).isEmpty();
  }

  @Test
  @DisplayName("changes: by time window, resource, kind and type, oldest first, the newest N")
  void changesAreQueried() {
    Instant t0 = clock.instant();
    store.observe(List.of(Sighting.present(VM_100, Map.of("memory", "1")), Sighting.present(POOL, Map.of("used", "1"))));
    Instant t1 = clock.advance(Duration.ofHours(1));
    store.observe(List.of(Sighting.present(VM_100, Map.of("memory", "2")), Sighting.present(VM_101, Map.of("memory", "1"))));
    Instant t2 = clock.advance(Duration.ofHours(1));
    store.observe(List.of(Sighting.gone(VM_100, "deleted"), Sighting.present(POOL, Map.of("used", "2"))));

    assertThat(store.changes(ChangeQuery.all())).extracting(ResourceChange::at, ResourceChange::key, ResourceChange::type).containsExactly(
        tuple(t0, VM_100, ResourceChange.Type.ADDED), tuple(t0, POOL, ResourceChange.Type.ADDED),
        tuple(t1, VM_100, ResourceChange.Type.CHANGED), tuple(t1, VM_101, ResourceChange.Type.ADDED),
        tuple(t2, VM_100, ResourceChange.Type.REMOVED), tuple(t2, POOL, ResourceChange.Type.CHANGED));
    assertThat(store.changes(ChangeQuery.all().since(t1).until(t2))).extracting(ResourceChange::key).containsExactly(VM_100, VM_101);
    assertThat(store.changes(ChangeQuery.all().since(t1))).hasSize(4);
    assertThat(store.changes(ChangeQuery.all().resource(POOL))).extracting(ResourceChange::at).containsExactly(t0, t2);
    assertThat(store.changes(ChangeQuery.all().kind("pve-qemu"))).extracting(ResourceChange::key).containsExactly(VM_100, VM_100, VM_101, VM_100);
    assertThat(store.changes(ChangeQuery.all().types(ResourceChange.Type.ADDED, ResourceChange.Type.REMOVED)))
        .extracting(ResourceChange::type).containsExactly(ResourceChange.Type.ADDED, ResourceChange.Type.ADDED,
            ResourceChange.Type.ADDED, ResourceChange.Type.REMOVED);
    assertThat(store.changes(ChangeQuery.all().limit(2))).extracting(ResourceChange::key).containsExactly(VM_100, POOL);
    assertThat(store.changes(ChangeQuery.all().limit(2)).get(0).at()).isEqualTo(t2);
    assertThat(store.changes(ChangeQuery.all().resource(ResourceKey.of("pve-qemu", "999", "pve1")))).isEmpty();
  }

  @Test
  @DisplayName("changes: each resource keeps the newest change-limit changes for change-retention; an old tombstone goes")
  void changesAreKeptWithinTheirRetention() {
    StateStore small = create(settings().clock(clock).set(dev.steward.CoreSettings.CHANGE_LIMIT, 3)
        .set(dev.steward.CoreSettings.CHANGE_RETENTION, Duration.ofDays(1)));
    try {
      for (int i = 1; i <= 5; i++) {
        small.observe(List.of(Sighting.present(VM_101, Map.of("memory", Integer.toString(i)))));
        clock.advance(Duration.ofMinutes(1));
      }
      assertThat(small.changes(ChangeQuery.all().resource(VM_101))).extracting(c -> c.fields().get("memory").after().orElseThrow())
          .containsExactly("3", "4", "5");

      small.observe(List.of(Sighting.gone(VM_101, "deleted")));
      clock.advance(Duration.ofHours(23));
      assertThat(small.changes(ChangeQuery.all().resource(VM_101))).extracting(ResourceChange::type)
          .containsExactly(ResourceChange.Type.CHANGED, ResourceChange.Type.CHANGED, ResourceChange.Type.REMOVED);
      assertThat(small.observe(List.of(Sighting.gone(VM_101, "deleted")))).isEmpty();
      assertThat(small.find(VM_101)).isPresent();

      clock.advance(Duration.ofHours(2));
      assertThat(small.changes(ChangeQuery.all().resource(VM_101))).isEmpty();
      assertThat(small.observe(List.of(Sighting.gone(VM_101, "deleted")))).isEmpty();
      assertThat(small.find(VM_101)).as("a tombstone older than the retention is forgotten").isEmpty();
    } finally {
      small.close();
    }
  }

  @Test
  @DisplayName("observe: a refused sighting writes nothing of its batch")
  void observeRefusesWholeBatches() {
    store.create(WEB_1, "node", Optional.empty(), "");

    assertThatThrownBy(() -> store.observe(List.of(Sighting.present(VM_100, Map.of("a", "1")),
        Sighting.present(ResourceKey.local("job", "j1"), JOB.name(), Map.of(), "DONE", "finished"))))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> store.observe(List.of(Sighting.present(VM_100, Map.of("a", "1")), Sighting.present(VM_100, Map.of("a", "2")))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Two sightings name " + VM_100);
    assertThatThrownBy(() -> store.observe(List.of(Sighting.present(VM_100, Map.of("a", "1")), Sighting.present(WEB_1, Map.of("a", "1")))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("follows the lifecycle 'node', not 'inventory'");
    assertThatThrownBy(() -> store.observe(List.of(Sighting.present(VM_100, "pipeline", Map.of(), "X", ""))))
        .isInstanceOf(UnknownLifecycleException.class);

    assertThat(store.find(VM_100)).isEmpty();
    assertThat(store.find(ResourceKey.local("job", "j1"))).isEmpty();
    assertThat(store.changes(ChangeQuery.all())).isEmpty();
    assertThat(store.get(WEB_1).version()).isEqualTo(1);
  }

  @Test
  @DisplayName("observe: any lifecycle can keep a change feed, a record made in the sighting's state")
  void observeWorksForOtherLifecycles() {
    ResourceKey job = ResourceKey.local("job", "nightly");
    store.observe(List.of(Sighting.present(job, JOB.name(), Map.of("queue", "a"), "RUNNING", "picked up")));

    assertThat(store.get(job).state()).isEqualTo("RUNNING");
    assertThat(store.history(job)).extracting(dev.steward.Transition::to).containsExactly("QUEUED", "RUNNING");
    assertThat(store.changes(ChangeQuery.all().kind("job"))).singleElement()
        .satisfies(c -> assertThat(c.type()).isEqualTo(ResourceChange.Type.ADDED));
  }
}
