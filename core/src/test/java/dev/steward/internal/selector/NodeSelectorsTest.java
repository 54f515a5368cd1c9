package dev.steward.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.CoreSettings;
import dev.steward.Failures;
import dev.steward.NodeSelector;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeSelectorsTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final List<String> IDS = List.of("youngest", "oldest", "least-records", "most-shunned");

  static NodeSelector selector(String id) {
    return ProviderRegistry.discover().create(ExtensionPoint.NODE_SELECTOR,
        Settings.builder().set(CoreSettings.NODE_SELECTOR, id).build());
  }

  static ResourceRecord node(String name, long createdSecond, Map<String, String> attributes) {
    Instant created = T0.plusSeconds(createdSecond);
    return new ResourceRecord(ResourceKey.local("node", name), "node", "RUNNING", "", Optional.empty(), attributes,
        created, created, Failures.none(), 1);
  }

  private static List<String> names(List<ResourceRecord> records) {
    return records.stream().map(r -> r.key().name()).toList();
  }

  @Test
  void youngestRemovesTheMostRecentlyCreatedFirst() {
    List<ResourceRecord> nodes = List.of(node("a", 10, Map.of()), node("b", 30, Map.of()), node("c", 20, Map.of()));

    assertThat(names(selector("youngest").selectForRemoval(nodes, 2))).containsExactly("b", "c");
  }

  @Test
  void oldestRemovesTheLongestLivedFirst() {
    List<ResourceRecord> nodes = List.of(node("a", 10, Map.of()), node("b", 30, Map.of()), node("c", 20, Map.of()));

    assertThat(names(selector("oldest").selectForRemoval(nodes, 2))).containsExactly("a", "c");
  }

  @Test
  void ageSelectorsBreakTiesByKey() {
    List<ResourceRecord> nodes = List.of(node("z", 10, Map.of()), node("m", 10, Map.of()), node("a", 10, Map.of()));

    assertThat(names(selector("youngest").selectForRemoval(nodes, 3))).containsExactly("a", "m", "z");
    assertThat(names(selector("oldest").selectForRemoval(nodes, 3))).containsExactly("a", "m", "z");
  }

  @Test
  void leastRecordsRemovesTheFewestRecordsFirstAndUnknownCountsLast() {
    List<ResourceRecord> nodes = List.of(
        node("unknown", 1, Map.of()),
        node("many", 2, Map.of("records", "900")),
        node("few", 3, Map.of("records", " 12 ")),
        node("none", 4, Map.of("records", "0")));

    assertThat(names(selector("least-records").selectForRemoval(nodes, 4))).containsExactly("none", "few", "many", "unknown");
  }

  @Test
  void mostShunnedRemovesTheMostShunnedFirstAndAMissingCountIsZero() {
    List<ResourceRecord> nodes = List.of(
        node("missing", 1, Map.of()),
        node("often", 2, Map.of("shunned", "7")),
        node("never", 3, Map.of("shunned", "0")),
        node("once", 4, Map.of("shunned", "1")));

    // "never" (0) and "missing" (0 by default) tie: the younger goes first.
    assertThat(names(selector("most-shunned").selectForRemoval(nodes, 4))).containsExactly("often", "once", "never", "missing");
  }

  @Test
  void attributeSelectorsBreakTiesByYoungestThenByKey() {
    List<ResourceRecord> nodes = List.of(
        node("old", 1, Map.of("records", "5")),
        node("young-b", 9, Map.of("records", "5")),
        node("young-a", 9, Map.of("records", "5")),
        node("other", 5, Map.of("records", "6")));

    assertThat(names(selector("least-records").selectForRemoval(nodes, 4))).containsExactly("young-a", "young-b", "old", "other");
  }

  @ParameterizedTest
  @ValueSource(strings = {"youngest", "oldest", "least-records", "most-shunned"})
  void givesEveryCandidateWhenAskedForMoreThanThereAre(String id) {
    List<ResourceRecord> nodes = List.of(node("a", 1, Map.of()), node("b", 2, Map.of()));

    assertThat(selector(id).selectForRemoval(nodes, 5)).hasSize(2).containsExactlyInAnyOrderElementsOf(nodes);
    assertThat(selector(id).selectForRemoval(List.of(), 3)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"youngest", "oldest", "least-records", "most-shunned"})
  void givesNothingWhenAskedForNone(String id) {
    assertThat(selector(id).selectForRemoval(List.of(node("a", 1, Map.of())), 0)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"youngest", "oldest", "least-records", "most-shunned"})
  void refusesANegativeCount(String id) {
    assertThatThrownBy(() -> selector(id).selectForRemoval(List.of(node("a", 1, Map.of())), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot select -1 nodes for removal; count must be zero or more");
  }

  @Test
  void leastRecordsRefusesACountThatIsNotAWholeNumber() {
    List<ResourceRecord> nodes = List.of(node("a", 1, Map.of("records", "7")), node("b", 2, Map.of("records", "lots")));

    assertThatThrownBy(() -> selector("least-records").selectForRemoval(nodes, 1))
        .isInstanceOf(StewardException.class)
        .hasMessage("Node selector 'least-records' cannot rank node/b@local: its attribute 'records' is 'lots', not a whole "
            + "number. Fix the attribute or choose another selector with steward.node-selector.");
  }

  @Test
  void mostShunnedRefusesACountThatIsNotAWholeNumber() {
    List<ResourceRecord> nodes = List.of(node("a", 1, Map.of("shunned", "2.5")));

    assertThatThrownBy(() -> selector("most-shunned").selectForRemoval(nodes, 1))
        .isInstanceOf(StewardException.class)
        .hasMessage("Node selector 'most-shunned' cannot rank node/a@local: its attribute 'shunned' is '2.5', not a whole "
            + "number. Fix the attribute or choose another selector with steward.node-selector.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"youngest", "oldest", "least-records", "most-shunned"})
  void leavesTheInputListAsItWasAndHandsOutAnUnmodifiableResult(String id) {
    List<ResourceRecord> nodes = new ArrayList<>(List.of(
        node("c", 3, Map.of("records", "1", "shunned", "1")),
        node("a", 1, Map.of("records", "3", "shunned", "3")),
        node("b", 2, Map.of("records", "2", "shunned", "2"))));
    List<ResourceRecord> before = List.copyOf(nodes);

    List<ResourceRecord> chosen = selector(id).selectForRemoval(nodes, 2);

    assertThat(nodes).containsExactlyElementsOf(before);
    assertThat(selector(id).selectForRemoval(Collections.unmodifiableList(nodes), 2)).isEqualTo(chosen);
    assertThatThrownBy(() -> chosen.clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  // ---- properties ----

  /** The documented order of each selector, written here independently of the implementation. */
  private static Comparator<ResourceRecord> expectedOrder(String id) {
    Comparator<ResourceRecord> byKey = Comparator.comparing(ResourceRecord::key);
    Comparator<ResourceRecord> youngestFirst = Comparator.comparing(ResourceRecord::createdAt, Comparator.reverseOrder());
    switch (id) {
      case "youngest":
        return youngestFirst.thenComparing(byKey);
      case "oldest":
        return Comparator.comparing(ResourceRecord::createdAt).thenComparing(byKey);
      case "least-records":
        return Comparator.<ResourceRecord>comparingLong(r -> r.attribute("records").map(Long::parseLong).orElse(Long.MAX_VALUE))
            .thenComparing(youngestFirst).thenComparing(byKey);
      case "most-shunned":
        return Comparator.<ResourceRecord>comparingLong(r -> -r.attribute("shunned").map(Long::parseLong).orElse(0L))
            .thenComparing(youngestFirst).thenComparing(byKey);
      default:
        throw new IllegalArgumentException(id);
    }
  }

  @Provide
  Arbitrary<List<ResourceRecord>> candidates() {
    // Few distinct times and counts so that ties are common; names are unique like keys in a store.
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'f').ofMinLength(1).ofMaxLength(3);
    Arbitrary<Long> created = Arbitraries.longs().between(0, 4);
    Arbitrary<Optional<String>> counts = Arbitraries.longs().between(0, 3).map(String::valueOf).optional(0.8);
    Arbitrary<String> hosts = Arbitraries.of("local", "h1");
    Arbitrary<ResourceRecord> record = Combinators.combine(names, hosts, created, counts, counts).as((name, host, at, records, shunned) -> {
      Map<String, String> attributes = new java.util.TreeMap<>();
      records.ifPresent(v -> attributes.put("records", v));
      shunned.ifPresent(v -> attributes.put("shunned", v));
      Instant createdAt = T0.plusSeconds(at);
      return new ResourceRecord(ResourceKey.of("node", name, host), "node", "RUNNING", "", Optional.empty(), attributes,
          createdAt, createdAt, Failures.none(), 1);
    });
    return record.list().ofMaxSize(12).uniqueElements(ResourceRecord::key);
  }

  @Property(tries = 300)
  void selectionIsAPrefixOfOneDeterministicTotalOrder(
      @ForAll("candidates") List<ResourceRecord> candidates,
      @ForAll @IntRange(min = 0, max = 15) int count,
      @ForAll long seed) {
    for (String id : IDS) {
      NodeSelector selector = selector(id);
      List<ResourceRecord> expected = new ArrayList<>(candidates);
      expected.sort(expectedOrder(id));

      List<ResourceRecord> shuffled = new ArrayList<>(candidates);
      Collections.shuffle(shuffled, new Random(seed));
      List<ResourceRecord> chosen = selector.selectForRemoval(candidates, count);

      assertThat(chosen).as(id).isEqualTo(expected.subList(0, Math.min(count, expected.size())));
      assertThat(selector.selectForRemoval(shuffled, count)).as("%s after shuffling", id).isEqualTo(chosen);
      List<ResourceRecord> all = selector.selectForRemoval(candidates, candidates.size());
      assertThat(all.subList(0, chosen.size())).as("%s: a larger count extends the selection", id).isEqualTo(chosen);
    }
  }
}
