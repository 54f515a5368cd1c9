package dev.steward.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Failures;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link Drift#classify} over random records and observations on a few hosts. The
 * expectations are computed here from the documented rules, not with Drift's code.
 */
class DriftPropertiesTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final List<String> HOSTS = List.of("h1", "h2", "h3");
  private static final List<String> NAMES = List.of("a", "b", "c", "d", "kx", "ky");
  private static final List<String> KINDS = List.of("node", "node", "service");
  private static final List<String> STATES =
      List.of("PLANNED", "CREATING", "STARTING", "RUNNING", "UPGRADING", "STOPPING", "STOPPED", "REMOVING", "REMOVED", "FAILED", "DEAD");
  /** Only names starting with k are claimed by a configuration; the others, unrecorded, are unmanaged. */
  private static final DriftRules RULES = DriftRules.builder(Set.of("node"))
      .known(key -> key.name().startsWith("k"))
      .expectedParts(key -> key.name().equals("a") ? Set.of("p1", "p2") : Set.of())
      .build();

  /** One host's observations: maybe reached at one time, maybe unreachable at another (or the same). */
  record HostView(String host, Optional<Integer> reachedAt, Optional<Integer> unreachableAt, List<ObservedResource> seen) {
    List<Observation> observations() {
      List<Observation> list = new ArrayList<>();
      reachedAt.ifPresent(t -> list.add(Observation.reached(host, T0.plusSeconds(t), seen)));
      unreachableAt.ifPresent(t -> list.add(Observation.unreachable(host, T0.plusSeconds(t), "probe of " + host + " failed")));
      return list;
    }

    /** The documented rule: the later observation counts, and at the same instant the unreachable one. */
    boolean reachable() {
      return reachedAt.isPresent() && (unreachableAt.isEmpty() || reachedAt.get() > unreachableAt.get());
    }
  }

  record Case(List<ResourceRecord> records, List<HostView> hosts) {
    List<Observation> observations() {
      return hosts.stream().flatMap(h -> h.observations().stream()).toList();
    }

    HostView host(String name) {
      return hosts.stream().filter(h -> h.host().equals(name)).findFirst().orElseThrow();
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<ResourceKey> keys = Combinators.combine(
        Arbitraries.of(KINDS), Arbitraries.of(NAMES), Arbitraries.of(HOSTS)).as(ResourceKey::of);
    Arbitrary<ResourceRecord> records = Combinators.combine(keys, Arbitraries.of(STATES))
        .as((key, state) -> new ResourceRecord(key, "node", state, "", Optional.empty(), Map.of(), T0, T0, Failures.none(), 1));
    Arbitrary<List<ResourceRecord>> recordLists = records.list().ofMaxSize(20)
        .map(list -> {
          Map<ResourceKey, ResourceRecord> unique = new LinkedHashMap<>();
          list.forEach(r -> unique.putIfAbsent(r.key(), r));
          return List.copyOf(unique.values());
        });
    Arbitrary<List<HostView>> views = Combinators.combine(HOSTS.stream().map(this::hostView).toList()).as(List::copyOf);
    return Combinators.combine(recordLists, views).as(Case::new);
  }

  private Arbitrary<HostView> hostView(String host) {
    Arbitrary<ObservedResource> resources = Combinators.combine(
        Arbitraries.of(KINDS), Arbitraries.of(NAMES), Arbitraries.of("p1", "p2", "p3").set().ofMaxSize(3))
        .as((kind, name, parts) -> new ObservedResource(ResourceKey.of(kind, name, host), parts, Map.of()));
    Arbitrary<List<ObservedResource>> seen = resources.list().ofMaxSize(8).map(list -> {
      Map<ResourceKey, ObservedResource> unique = new LinkedHashMap<>();
      list.forEach(r -> unique.putIfAbsent(r.key(), r));
      return List.copyOf(unique.values());
    });
    Arbitrary<Optional<Integer>> time = Arbitraries.integers().between(0, 3).optional(0.7);
    return Combinators.combine(time, time, seen).as((reached, unreachable, list) -> new HostView(host, reached, unreachable, list));
  }

  @Property
  void theClassesPartitionTheCoveredInput(@ForAll("cases") Case input) {
    DriftReport report = Drift.classify(input.records(), input.observations(), RULES);

    Set<ResourceKey> observed = new HashSet<>();
    for (HostView view : input.hosts()) {
      if (view.reachable()) {
        view.seen().stream().map(ObservedResource::key).filter(k -> k.kind().equals("node")).forEach(observed::add);
      }
    }
    Set<ResourceKey> expected = new HashSet<>(observed);
    for (ResourceRecord record : input.records()) {
      boolean goneAndUnobserved = record.state().equals("REMOVED") && !observed.contains(record.key());
      if (record.key().kind().equals("node") && !goneAndUnobserved) {
        expected.add(record.key());
      }
    }
    List<ResourceKey> reported = new ArrayList<>();
    report.entries().forEach(e -> reported.add(e.key()));
    report.unmanaged().forEach(r -> reported.add(r.key()));

    assertThat(reported).doesNotHaveDuplicates();
    assertThat(reported).containsExactlyInAnyOrderElementsOf(expected);
    Set<ResourceKey> recorded = new HashSet<>();
    input.records().forEach(r -> recorded.add(r.key()));
    assertThat(report.unmanaged()).allSatisfy(r -> {
      assertThat(recorded).doesNotContain(r.key());
      assertThat(r.key().name()).doesNotStartWith("k");
    });
  }

  @Property
  void aRecordOnAnUnreachableOrUnobservedHostIsNeverStaleOrOrphan(@ForAll("cases") Case input) {
    DriftReport report = Drift.classify(input.records(), input.observations(), RULES);

    for (DriftEntry entry : report.entries()) {
      if (!input.host(entry.key().host()).reachable()) {
        assertThat(entry.drift()).as(entry.toString()).isEqualTo(DriftClass.UNKNOWN);
        assertThat(entry.reason()).contains(entry.key().host());
      } else {
        assertThat(entry.drift()).as(entry.toString()).isNotEqualTo(DriftClass.UNKNOWN);
      }
    }
  }

  @Property
  void classifyIsDeterministicAndIndependentOfInputOrder(@ForAll("cases") Case input, @ForAll long seed) {
    DriftReport first = Drift.classify(input.records(), input.observations(), RULES);
    Random random = new Random(seed);
    List<ResourceRecord> records = new ArrayList<>(input.records());
    List<Observation> observations = new ArrayList<>(input.observations());
    Collections.shuffle(records, random);
    Collections.shuffle(observations, random);

    DriftReport again = Drift.classify(records, observations, RULES);

    assertThat(again).isEqualTo(first);
    assertThat(Drift.classify(input.records(), input.observations(), RULES)).isEqualTo(first);
  }

  @Property
  void partialEntriesNameExactlyTheMissingParts(@ForAll("cases") Case input) {
    DriftReport report = Drift.classify(input.records(), input.observations(), RULES);

    Map<ResourceKey, Set<String>> partsSeen = new HashMap<>();
    input.hosts().stream().filter(HostView::reachable)
        .forEach(v -> v.seen().forEach(r -> partsSeen.put(r.key(), r.parts())));
    for (DriftEntry entry : report.of(DriftClass.PARTIAL)) {
      Set<String> missing = new HashSet<>(Set.of("p1", "p2"));
      missing.removeAll(partsSeen.get(entry.key()));
      assertThat(entry.missingParts()).isEqualTo(missing).isNotEmpty();
    }
    for (DriftEntry entry : report.of(DriftClass.OK)) {
      if (entry.observed().isPresent() && entry.key().name().equals("a")) {
        assertThat(partsSeen.get(entry.key())).contains("p1", "p2");
      }
    }
  }
}
