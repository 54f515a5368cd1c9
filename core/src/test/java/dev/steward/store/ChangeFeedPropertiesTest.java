package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ChangeQuery;
import dev.steward.CoreSettings;
import dev.steward.InventoryLifecycle;
import dev.steward.ResourceChange;
import dev.steward.ResourceChanges;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.Sighting;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.testsupport.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The change feed of both stores, over random sequences of inventories: the changes a store kept,
 * replayed from nothing, give what it holds as present; observing the same inventory twice records
 * nothing the second time; and a store reopened from disk keeps the same feed.
 */
class ChangeFeedPropertiesTest {
  private static final List<String> NAMES = List.of("100", "101", "102", "103", "104");

  @Provide
  Arbitrary<List<Map<String, Map<String, String>>>> inventories() {
    Arbitrary<Map<String, String>> fields = Arbitraries.maps(Arbitraries.of("node", "memory", "tags", "state"),
        Arbitraries.of("a", "b", "c")).ofMaxSize(4);
    Arbitrary<Map<String, Map<String, String>>> inventory = Arbitraries.maps(Arbitraries.of(NAMES), fields).ofMaxSize(NAMES.size());
    return inventory.list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 60)
  void theMemoryStoresFeedReplaysToWhatItHolds(@ForAll("inventories") List<Map<String, Map<String, String>>> steps) {
    MutableClock clock = MutableClock.startingAtEpochOf2026();
    try (StateStore store = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE,
        Settings.builder().set(CoreSettings.STATE_STORE, "memory").clock(clock).build())) {
      check(store, clock, steps);
    }
  }

  @Property(tries = 25)
  void theFileStoresFeedReplaysToWhatItHoldsAndSurvivesAReopen(@ForAll("inventories") List<Map<String, Map<String, String>>> steps)
      throws IOException {
    MutableClock clock = MutableClock.startingAtEpochOf2026();
    Path dir = Files.createTempDirectory("feed");
    try {
      Settings settings = Settings.builder().set(FileStoreSettings.DIRECTORY, dir).clock(clock).build();
      List<ResourceChange> kept;
      try (FileStateStore store = FileStateStore.open(settings)) {
        check(store, clock, steps);
        kept = store.changes(ChangeQuery.all());
      }
      try (FileStateStore store = FileStateStore.open(settings)) {
        assertThat(store.changes(ChangeQuery.all())).isEqualTo(kept);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void check(StateStore store, MutableClock clock, List<Map<String, Map<String, String>>> steps) {
    for (Map<String, Map<String, String>> step : steps) {
      clock.advance(Duration.ofMinutes(1));
      List<Sighting> sightings = sightings(store, step);
      store.observe(sightings);
      assertThat(store.observe(sightings(store, step))).as("the same inventory again").isEmpty();
    }
    Map<ResourceKey, Map<String, String>> replayed = ResourceChanges.apply(Map.of(), store.changes(ChangeQuery.all()));
    Map<ResourceKey, Map<String, String>> present = new TreeMap<>();
    for (ResourceRecord r : store.list()) {
      if (r.state().equals(InventoryLifecycle.PRESENT)) {
        present.put(r.key(), r.attributes());
      }
    }
    assertThat(replayed).isEqualTo(present);
    Map<String, Map<String, String>> last = steps.get(steps.size() - 1);
    Map<ResourceKey, Map<String, String>> expected = new HashMap<>();
    last.forEach((name, fields) -> expected.put(key(name), fields));
    assertThat(present).isEqualTo(new TreeMap<>(expected));
  }

  /** {@code step} as sightings: each resource in it present, each other one the store holds gone. */
  private static List<Sighting> sightings(StateStore store, Map<String, Map<String, String>> step) {
    List<Sighting> sightings = new ArrayList<>();
    step.forEach((name, fields) -> sightings.add(Sighting.present(key(name), fields)));
    for (ResourceRecord r : store.list()) {
      if (!step.containsKey(r.key().name())) {
        sightings.add(Sighting.gone(r.key(), "not there"));
      }
    }
    return sightings;
  }

  private static ResourceKey key(String name) {
    return ResourceKey.of("pve-qemu", name, "lab");
  }
}
