package dev.steward.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Failures;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.NodeLifecycle;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One test per rule of {@link Drift#classify}, with the default node rules unless a test says otherwise. */
class DriftTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final DriftRules NODES = DriftRules.builder(Set.of("node")).build();

  static ResourceKey node(String name, String host) {
    return ResourceKey.of("node", name, host);
  }

  static ResourceRecord record(ResourceKey key, String state) {
    return new ResourceRecord(key, "node", state, "", Optional.empty(), Map.of(), T0, T0, Failures.none(), 1);
  }

  static ObservedResource seen(ResourceKey key, String... parts) {
    return new ObservedResource(key, Set.of(parts), Map.of());
  }

  private static DriftEntry only(DriftReport report) {
    assertThat(report.entries()).hasSize(1);
    return report.entries().get(0);
  }

  @Test
  void aRunningRecordThatIsObservedIsOk() {
    ResourceKey web1 = node("web-1", "h1");

    DriftEntry entry = only(Drift.classify(List.of(record(web1, "RUNNING")),
        List.of(Observation.reached("h1", T0, List.of(seen(web1)))), NODES));

    assertThat(entry.drift()).isEqualTo(DriftClass.OK);
    assertThat(entry.record()).isPresent();
    assertThat(entry.observed()).isPresent();
    assertThat(entry.missingParts()).isEmpty();
  }

  @Test
  void aPresentResourceMissingExpectedPartsIsPartialAndNamesThem() {
    ResourceKey project = ResourceKey.of("mount", "proj", "h1");
    DriftRules rules = DriftRules.builder(Set.of("mount"))
        .expectedParts(key -> Set.of("src", "lib", "docs"))
        .build();

    DriftEntry entry = only(Drift.classify(List.of(record(project, "RUNNING")),
        List.of(Observation.reached("h1", T0, List.of(seen(project, "lib", "extra")))), rules));

    assertThat(entry.drift()).isEqualTo(DriftClass.PARTIAL);
    assertThat(entry.missingParts()).containsExactly("docs", "src");
    assertThat(entry.reason()).isEqualTo("missing docs, src");
  }

  @Test
  void aPresentResourceWithEveryExpectedPartIsOk() {
    ResourceKey project = ResourceKey.of("mount", "proj", "h1");
    DriftRules rules = DriftRules.builder(Set.of("mount")).expectedParts(key -> Set.of("src")).build();

    DriftEntry entry = only(Drift.classify(List.of(record(project, "RUNNING")),
        List.of(Observation.reached("h1", T0, List.of(seen(project, "src", "lib")))), rules));

    assertThat(entry.drift()).isEqualTo(DriftClass.OK);
  }

  @Test
  void aRecordThatExpectsPresenceOnAReachedHostWhereNothingIsFoundIsStale() {
    ResourceKey web1 = node("web-1", "h1");

    DriftEntry entry = only(Drift.classify(List.of(record(web1, "RUNNING")),
        List.of(Observation.reached("h1", T0, List.of())), NODES));

    assertThat(entry.drift()).isEqualTo(DriftClass.STALE);
    assertThat(entry.reason()).isEqualTo("recorded as RUNNING but not found on h1");
  }

  @Test
  void everyActiveStateExpectsPresence() {
    for (String state : NodeLifecycle.ACTIVE) {
      ResourceKey key = node("web-1", "h1");
      DriftEntry entry = only(Drift.classify(List.of(record(key, state)), List.of(Observation.reached("h1", T0, List.of())), NODES));
      assertThat(entry.drift()).as(state).isEqualTo(DriftClass.STALE);
    }
  }

  @Test
  void aRecordThatSaysAbsentButIsObservedIsOrphan() {
    ResourceKey web1 = node("web-1", "h1");

    DriftEntry entry = only(Drift.classify(List.of(record(web1, "STOPPED")),
        List.of(Observation.reached("h1", T0, List.of(seen(web1)))), NODES));

    assertThat(entry.drift()).isEqualTo(DriftClass.ORPHAN);
    assertThat(entry.reason()).isEqualTo("recorded as STOPPED but found on h1");
  }

  @Test
  void aRemovedRecordWhoseResourceIsStillObservedIsOrphan() {
    ResourceKey web1 = node("web-1", "h1");

    DriftEntry entry = only(Drift.classify(List.of(record(web1, "REMOVED")),
        List.of(Observation.reached("h1", T0, List.of(seen(web1)))), NODES));

    assertThat(entry.drift()).isEqualTo(DriftClass.ORPHAN);
    assertThat(entry.record()).isPresent();
  }

  @Test
  void aRecordThatSaysAbsentAndIsNotObservedIsOk() {
    ResourceKey web1 = node("web-1", "h1");

    DriftEntry entry = only(Drift.classify(List.of(record(web1, "STOPPED")),
        List.of(Observation.reached("h1", T0, List.of())), NODES));

    assertThat(entry.drift()).isEqualTo(DriftClass.OK);
    assertThat(entry.reason()).isEqualTo("absent, as recorded (STOPPED)");
  }

  @Test
  void anObservedResourceTheRulesKnowButNoRecordHasIsOrphan() {
    ResourceKey web1 = node("web-1", "h1");

    DriftReport report = Drift.classify(List.of(), List.of(Observation.reached("h1", T0, List.of(seen(web1)))), NODES);

    DriftEntry entry = only(report);
    assertThat(entry.drift()).isEqualTo(DriftClass.ORPHAN);
    assertThat(entry.record()).isEmpty();
    assertThat(entry.reason()).isEqualTo("found on h1 but not recorded");
    assertThat(report.unmanaged()).isEmpty();
  }

  @Test
  void anObservedResourceNoConfigurationKnowsIsUnmanagedAndHasNoEntry() {
    ResourceKey known = node("web-1", "h1");
    ResourceKey stranger = node("db-1", "h1");
    DriftRules rules = DriftRules.builder(Set.of("node")).known(key -> key.name().startsWith("web-")).build();

    DriftReport report = Drift.classify(List.of(),
        List.of(Observation.reached("h1", T0, List.of(seen(known), seen(stranger)))), rules);

    assertThat(report.entries()).extracting(DriftEntry::key).containsExactly(known);
    assertThat(report.unmanaged()).extracting(ObservedResource::key).containsExactly(stranger);
  }

  @Test
  void aRecordOnAnUnreachableHostIsUnknownWithTheProbesReason() {
    ResourceKey web1 = node("web-1", "h1");

    DriftEntry entry = only(Drift.classify(List.of(record(web1, "RUNNING")),
        List.of(Observation.unreachable("h1", T0, "ssh: connection timed out")), NODES));

    assertThat(entry.drift()).isEqualTo(DriftClass.UNKNOWN);
    assertThat(entry.reason()).isEqualTo("host h1 could not be observed: ssh: connection timed out");
  }

  @Test
  void aRecordThatSaysAbsentOnAnUnreachableHostIsUnknownToo() {
    ResourceKey web1 = node("web-1", "h1");

    DriftEntry entry = only(Drift.classify(List.of(record(web1, "STOPPED")),
        List.of(Observation.unreachable("h1", T0, "probe failed")), NODES));

    assertThat(entry.drift()).isEqualTo(DriftClass.UNKNOWN);
  }

  @Test
  void aRecordOnAHostThatWasNeverObservedIsUnknown() {
    ResourceKey web1 = node("web-1", "h2");

    DriftEntry entry = only(Drift.classify(List.of(record(web1, "RUNNING")),
        List.of(Observation.reached("h1", T0, List.of())), NODES));

    assertThat(entry.drift()).isEqualTo(DriftClass.UNKNOWN);
    assertThat(entry.reason()).isEqualTo("host h2 was not observed");
  }

  @Test
  void aRemovedRecordThatIsNotObservedIsLeftOut() {
    ResourceKey reached = node("web-1", "h1");
    ResourceKey unreachable = node("web-2", "h2");
    ResourceKey neverObserved = node("web-3", "h3");

    DriftReport report = Drift.classify(
        List.of(record(reached, "REMOVED"), record(unreachable, "REMOVED"), record(neverObserved, "REMOVED")),
        List.of(Observation.reached("h1", T0, List.of()), Observation.unreachable("h2", T0, "down")), NODES);

    assertThat(report.entries()).isEmpty();
    assertThat(report.unmanaged()).isEmpty();
  }

  @Test
  void customGoneStatesAreLeftOutLikeRemoved() {
    ResourceKey item = ResourceKey.of("item", "a", "h1");
    DriftRules rules = DriftRules.builder(Set.of("item"))
        .expectsPresence(r -> r.state().equals("STAGED"))
        .gone(r -> r.state().equals("COMPLETE"))
        .build();

    DriftReport report = Drift.classify(List.of(record(item, "COMPLETE")), List.of(Observation.reached("h1", T0, List.of())), rules);

    assertThat(report.entries()).isEmpty();
  }

  @Test
  void theLaterObservationOfAHostWinsWhateverTheInputOrder() {
    ResourceKey web1 = node("web-1", "h1");
    Observation earlierDown = Observation.unreachable("h1", T0, "down");
    Observation laterUp = Observation.reached("h1", T0.plusSeconds(5), List.of(seen(web1)));
    List<ResourceRecord> records = List.of(record(web1, "RUNNING"));

    assertThat(only(Drift.classify(records, List.of(earlierDown, laterUp), NODES)).drift()).isEqualTo(DriftClass.OK);
    assertThat(only(Drift.classify(records, List.of(laterUp, earlierDown), NODES)).drift()).isEqualTo(DriftClass.OK);

    Observation laterDown = Observation.unreachable("h1", T0.plusSeconds(10), "down again");
    assertThat(only(Drift.classify(records, List.of(laterDown, laterUp), NODES)).drift()).isEqualTo(DriftClass.UNKNOWN);
  }

  @Test
  void ofTwoObservationsAtTheSameInstantTheUnreachableOneWinsWhateverTheInputOrder() {
    ResourceKey web1 = node("web-1", "h1");
    Observation up = Observation.reached("h1", T0, List.of());
    Observation down = Observation.unreachable("h1", T0, "probe timed out");
    List<ResourceRecord> records = List.of(record(web1, "RUNNING"));

    assertThat(only(Drift.classify(records, List.of(up, down), NODES)).drift()).isEqualTo(DriftClass.UNKNOWN);
    assertThat(only(Drift.classify(records, List.of(down, up), NODES)).drift()).isEqualTo(DriftClass.UNKNOWN);
  }

  @Test
  void recordsAndObservationsOfOtherKindsAreIgnored() {
    ResourceKey service = ResourceKey.of("service", "nginx", "h1");

    DriftReport report = Drift.classify(List.of(record(service, "RUNNING")),
        List.of(Observation.reached("h1", T0, List.of(seen(ResourceKey.of("service", "sshd", "h1"))))), NODES);

    assertThat(report.entries()).isEmpty();
    assertThat(report.unmanaged()).isEmpty();
  }

  @Test
  void entriesAreOrderedByKeyAndCountedPerClass() {
    ResourceKey a = node("a", "h1");
    ResourceKey b = node("b", "h1");
    ResourceKey c = node("c", "h1");

    DriftReport report = Drift.classify(List.of(record(c, "RUNNING"), record(a, "RUNNING")),
        List.of(Observation.reached("h1", T0, List.of(seen(b), seen(a)))), NODES);

    assertThat(report.entries()).extracting(DriftEntry::key).containsExactly(a, b, c);
    assertThat(report.counts()).containsEntry(DriftClass.OK, 1).containsEntry(DriftClass.ORPHAN, 1)
        .containsEntry(DriftClass.STALE, 1).containsEntry(DriftClass.PARTIAL, 0).containsEntry(DriftClass.UNKNOWN, 0);
    assertThat(report.find(b).orElseThrow().drift()).isEqualTo(DriftClass.ORPHAN);
    assertThat(report.of(DriftClass.STALE)).extracting(DriftEntry::key).containsExactly(c);
  }

  @Test
  void rulesNeedAKindToLookAt() {
    assertThatThrownBy(() -> DriftRules.builder(Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one resource kind");
  }

  @Test
  void expectedPartsThatAreNullAreRefusedWithTheKey() {
    ResourceKey web1 = node("web-1", "h1");
    DriftRules rules = DriftRules.builder(Set.of("node")).expectedParts(key -> null).build();

    assertThatThrownBy(() -> Drift.classify(List.of(record(web1, "RUNNING")),
        List.of(Observation.reached("h1", T0, List.of(seen(web1)))), rules))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("node/web-1@h1");
  }
}
