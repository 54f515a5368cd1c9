package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ResourceChange.FieldChange;
import dev.steward.ResourceChange.Type;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ResourceChangesTest {
  private static final Instant AT = Instant.parse("2026-12-03T17:00:00Z");

  private static ResourceKey vm(String name) {
    return ResourceKey.of("pve-vm", name, "pve1");
  }

  @Test
  void namesWhatAppearedWentAndChangedWithOldAndNewValues() {
    Map<ResourceKey, Map<String, String>> before = Map.of(
        vm("100"), Map.of("node", "pve1", "memory", "2048"),
        vm("101"), Map.of("node", "pve2"),
        vm("102"), Map.of("node", "pve2", "tags", "db"));
    Map<ResourceKey, Map<String, String>> after = Map.of(
        vm("100"), Map.of("node", "pve2", "memory", "2048", "lock", "migrate"),
        vm("102"), Map.of("node", "pve2", "tags", "db"),
        vm("103"), Map.of("node", "pve3"));

    List<ResourceChange> changes = ResourceChanges.between(before, after, AT);

    assertThat(changes).containsExactly(
        new ResourceChange(vm("100"), Type.CHANGED, Map.of(
            "node", new FieldChange(Optional.of("pve1"), Optional.of("pve2")),
            "lock", new FieldChange(Optional.empty(), Optional.of("migrate"))), AT),
        new ResourceChange(vm("101"), Type.REMOVED, Map.of("node", new FieldChange(Optional.of("pve2"), Optional.empty())), AT),
        new ResourceChange(vm("103"), Type.ADDED, Map.of("node", new FieldChange(Optional.empty(), Optional.of("pve3"))), AT));
    assertThat(changes.get(0).fields().keySet()).containsExactly("lock", "node");
    assertThat(changes.get(0).fields().get("node")).hasToString("pve1 -> pve2");
  }

  @Test
  void aResourceTheObservationCouldNotSeeIsNotRemoved() {
    Map<ResourceKey, Map<String, String>> before = Map.of(vm("100"), Map.of("node", "down"), vm("101"), Map.of("node", "up"));

    List<ResourceChange> changes = ResourceChanges.between(before, Map.of(), key -> !key.equals(vm("100")), AT);

    assertThat(changes).extracting(ResourceChange::key, ResourceChange::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple(vm("101"), Type.REMOVED));
  }

  @Test
  void refusesChangesThatDoNotFit() {
    assertThatThrownBy(() -> new FieldChange(Optional.of("1"), Optional.of("1")))
        .hasMessage("A field change needs two different values, not '1' twice");
    assertThatThrownBy(() -> new ResourceChange(vm("1"), Type.CHANGED, Map.of(), AT))
        .hasMessageContaining("names no field");
    assertThatThrownBy(() -> new ResourceChange(vm("1"), Type.ADDED, Map.of("a", new FieldChange(Optional.of("x"), Optional.empty())), AT))
        .hasMessageContaining("an ADDED field has no old value");
    Map<ResourceKey, Map<String, String>> one = Map.of(vm("1"), Map.of("a", "x"));
    assertThatThrownBy(() -> ResourceChanges.apply(one, ResourceChanges.between(Map.of(), one, AT)))
        .hasMessage("pve-vm/1@pve1 is ADDED but already there");
    assertThatThrownBy(() -> ResourceChanges.apply(Map.of(vm("1"), Map.of("a", "y")),
        ResourceChanges.between(one, Map.of(vm("1"), Map.of("a", "z")), AT)))
        .hasMessage("Field a of pve-vm/1@pve1 changes from x but is y");
  }

  @Property(tries = 300)
  void theChangesBetweenTwoInventoriesTurnTheFirstIntoTheSecond(@ForAll("inventories") Map<ResourceKey, Map<String, String>> before,
      @ForAll("inventories") Map<ResourceKey, Map<String, String>> after) {
    assertThat(ResourceChanges.apply(before, ResourceChanges.between(before, after, AT))).isEqualTo(after);
  }

  @Property(tries = 200)
  void anInventoryComparedWithItselfHasNoChange(@ForAll("inventories") Map<ResourceKey, Map<String, String>> inventory) {
    assertThat(ResourceChanges.between(inventory, new HashMap<>(inventory), AT)).isEmpty();
  }

  @Property(tries = 200)
  void whatWasNotSeenStaysAsItWas(@ForAll("inventories") Map<ResourceKey, Map<String, String>> before,
      @ForAll("inventories") Map<ResourceKey, Map<String, String>> after, @ForAll("names") Set<String> unseen) {
    Map<ResourceKey, Map<String, String>> expected = new TreeMap<>(after);
    before.forEach((key, fields) -> {
      if (unseen.contains(key.name()) && !after.containsKey(key)) {
        expected.put(key, fields);
      }
    });

    List<ResourceChange> changes = ResourceChanges.between(before, after, key -> !unseen.contains(key.name()), AT);

    assertThat(ResourceChanges.apply(before, changes)).isEqualTo(expected);
    assertThat(changes).filteredOn(c -> c.type() == Type.REMOVED).allSatisfy(c -> assertThat(unseen).doesNotContain(c.key().name()));
  }

  @Provide
  Arbitrary<Map<ResourceKey, Map<String, String>>> inventories() {
    Arbitrary<Map<String, String>> fields = Arbitraries.maps(Arbitraries.of("node", "memory", "status", "tags", "name"),
        Arbitraries.of("", "pve1", "pve2", "2048", "running", "a b", "é")).ofMaxSize(5);
    return Arbitraries.maps(Arbitraries.of("100", "101", "102", "103", "104", "105").map(ResourceChangesTest::vm), fields).ofMaxSize(6);
  }

  @Provide
  Arbitrary<Set<String>> names() {
    return Arbitraries.of("100", "101", "102", "103", "104", "105").set().ofMaxSize(3);
  }
}
