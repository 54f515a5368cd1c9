package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.steward.ChangeQuery;
import dev.steward.InventoryLifecycle;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.Sighting;
import dev.steward.store.FaultyOps.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change feed in the file store: durable beside its records, one fsync per observation. */
class FileStateStoreChangesTest {
  private static final ResourceKey VM = ResourceKey.of("pve-qemu", "100", "pve1");

  @TempDir
  Path dir;

  @TempDir
  Path copy;

  private static List<Sighting> guests(int count, String memory) {
    List<Sighting> sightings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sightings.add(Sighting.present(ResourceKey.of("pve-qemu", Integer.toString(100 + i), "pve1"), Map.of("memory", memory)));
    }
    return sightings;
  }

  @Test
  @DisplayName("changes survive a reopen, from the journal and from a new snapshot, and travel with an export")
  void changesAreDurable() throws Exception {
    List<ResourceChange> all;
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      store.observe(List.of(Sighting.present(VM, Map.of("memory", "2048", "name", "web \"one\""))));
      store.observe(List.of(Sighting.present(VM, Map.of("memory", "4096", "name", "web \"one\""))));
      store.observe(List.of(Sighting.gone(VM, "deleted")));
      all = store.changes(ChangeQuery.all());
      assertThat(all).extracting(ResourceChange::type)
          .containsExactly(ResourceChange.Type.ADDED, ResourceChange.Type.CHANGED, ResourceChange.Type.REMOVED);
    }
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      assertThat(store.changes(ChangeQuery.all())).isEqualTo(all);
      assertThat(store.get(VM).state()).isEqualTo(InventoryLifecycle.REMOVED);
      store.compact();
    }
    assertThat(Files.readString(dir.resolve("state.json")))
        .contains("\"schema_version\": 3")
        .contains("\"changes\":[{\"type\":\"ADDED\"")
        .contains("\"memory\":{\"before\":\"2048\",\"after\":\"4096\"}");
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      assertThat(store.changes(ChangeQuery.all())).isEqualTo(all);
      assertThat(store.verify().problems()).isEmpty();
      try (FileStateStore other = StoreTestSupport.open(copy)) {
        other.importDocument(store.export(), false);
        assertThat(other.changes(ChangeQuery.all())).isEqualTo(all);
      }
    }
  }

  @Test
  @DisplayName("an observation of 500 resources is one journal write and one fsync; one that changes nothing writes nothing")
  void oneObservationIsOneRound() {
    FaultyOps ops = new FaultyOps();
    try (FileStateStore store = StoreTestSupport.open(dir, StoreTestSupport.NEVER_COMPACT, ops)) {
      ops.disarm();
      assertThat(store.observe(guests(500, "1024"))).hasSize(500);
      assertThat(ops.calls(Step.FORCE)).isEqualTo(1);
      assertThat(ops.calls(Step.WRITE)).isEqualTo(1);
      long serial = store.serial();

      ops.disarm();
      assertThat(store.observe(guests(500, "1024"))).isEmpty();
      assertThat(ops.calls(Step.FORCE)).isZero();
      assertThat(ops.calls(Step.WRITE)).isZero();
      assertThat(store.serial()).isEqualTo(serial);
    }
  }

  @Test
  @DisplayName("an observation whose fsync fails is reported, and the next one records each change once: none lost, none twice")
  void aFailedObservationIsCompletedByTheNext() {
    FaultyOps ops = new FaultyOps();
    try (FileStateStore store = StoreTestSupport.open(dir, StoreTestSupport.NEVER_COMPACT, ops)) {
      store.observe(guests(20, "1024"));
      ops.arm(Step.FORCE, 1);
      Throwable failure = catchThrowable(() -> store.observe(guests(20, "2048")));
      assertThat(failure).isInstanceOf(StoreWriteException.class).hasMessageContaining("may or may not have reached the disk");
    }
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      store.observe(guests(20, "2048"));
      List<ResourceChange> changed = store.changes(ChangeQuery.all().types(ResourceChange.Type.CHANGED));
      assertThat(changed).hasSize(20);
      assertThat(changed).allSatisfy(c -> assertThat(c.fields().get("memory").after()).contains("2048"));
      assertThat(store.changes(ChangeQuery.all().types(ResourceChange.Type.REMOVED))).isEmpty();
    }
  }
}
