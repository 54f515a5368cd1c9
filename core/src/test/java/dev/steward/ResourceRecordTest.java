package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ResourceRecordTest {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static ResourceRecord record(Map<String, String> attributes, Instant created, Instant updated, long version) {
    return new ResourceRecord(WEB_1, "node", "RUNNING", "", Optional.empty(), attributes, created, updated,
        Failures.none(), version);
  }

  @Test
  void createStartsAtVersionOneCreatedAndUpdatedNow() {
    ResourceRecord record = ResourceRecord.create(WEB_1, "node", "PLANNED", "asked for", T0);

    assertThat(record.version()).isEqualTo(1);
    assertThat(record.createdAt()).isEqualTo(T0);
    assertThat(record.updatedAt()).isEqualTo(T0);
    assertThat(record.failures()).isEqualTo(Failures.none());
    assertThat(record.spec()).isEmpty();
    assertThat(record.attributes()).isEmpty();
  }

  @Test
  void keepsItsOwnCopyOfTheAttributesAndHandsOutAnUnmodifiableOne() {
    Map<String, String> attributes = new HashMap<>(Map.of("pid", "42"));
    ResourceRecord record = record(attributes, T0, T0, 1);

    attributes.put("pid", "43");

    assertThat(record.attributes()).containsExactly(Map.entry("pid", "42"));
    assertThat(record.attribute("pid")).contains("42");
    assertThatThrownBy(() -> record.attributes().put("pid", "1")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesVersionsBelowOne() {
    assertThatThrownBy(() -> record(Map.of(), T0, T0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Record versions start at 1, got 0");
    assertThatThrownBy(() -> record(Map.of(), T0, T0, -5)).hasMessage("Record versions start at 1, got -5");
  }

  @Test
  void refusesAnUpdateBeforeTheCreation() {
    assertThatThrownBy(() -> record(Map.of(), T0, T0.minusSeconds(1), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Record node/web-1@local cannot be updated (2024-12-31T23:59:59Z) before it was created (2025-01-01T00:00:00Z)");
  }

  @Test
  void refusesASpecOfAnotherResource() {
    Spec other = Spec.of(ResourceKey.local("node", "web-2"));

    assertThatThrownBy(() -> new ResourceRecord(WEB_1, "node", "RUNNING", "", Optional.of(other), Map.of(), T0, T0,
        Failures.none(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The spec of node/web-1@local is for another resource: node/web-2@local");
  }

  @Test
  void refusesBlankStateAndLifecycle() {
    assertThatThrownBy(() -> ResourceRecord.create(WEB_1, "node", " ", "", T0)).hasMessage("State must not be blank");
    assertThatThrownBy(() -> ResourceRecord.create(WEB_1, "", "PLANNED", "", T0)).hasMessage("Lifecycle name must not be blank");
  }

  @Test
  void everyChangeMakesTheNextVersionAndLeavesTheOriginal() {
    ResourceRecord created = ResourceRecord.create(WEB_1, "node", "PLANNED", "", T0);
    Instant t1 = T0.plusSeconds(1);

    ResourceRecord started = created.withState("STARTING", "start", t1);
    ResourceRecord specified = started.withSpec(Spec.of(WEB_1).with("version", "2"), t1.plusSeconds(1));
    ResourceRecord tagged = specified.withAttributes(Map.of("pid", "7"), t1.plusSeconds(2));
    ResourceRecord failed = tagged.withFailures(Failures.none().plus(t1, "IOException", "boom"), t1.plusSeconds(3));

    assertThat(List.of(created, started, specified, tagged, failed)).extracting(ResourceRecord::version)
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(created.state()).isEqualTo("PLANNED");
    assertThat(failed.state()).isEqualTo("STARTING");
    assertThat(failed.spec().flatMap(s -> s.property("version"))).contains("2");
    assertThat(failed.attribute("pid")).contains("7");
    assertThat(failed.failures().attempts()).isEqualTo(1);
    assertThat(failed.updatedAt()).isEqualTo(t1.plusSeconds(3));
    assertThat(failed.createdAt()).isEqualTo(T0);
  }

  @Test
  void aClockSteppingBackKeepsTheLastUpdateTime() {
    ResourceRecord record = ResourceRecord.create(WEB_1, "node", "PLANNED", "", T0).withState("CREATING", "", T0.plusSeconds(60));

    ResourceRecord next = record.withState("STARTING", "", T0.minusSeconds(3600));

    assertThat(next.updatedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(next.version()).isEqualTo(3);
  }

  @Property(tries = 300)
  void updatesNeverGoBackInTimeNorBeforeCreation(
      @ForAll @Size(max = 20) List<@IntRange(min = -100_000, max = 100_000) Integer> offsets) {
    ResourceRecord record = ResourceRecord.create(WEB_1, "node", "PLANNED", "", T0);
    for (int offset : offsets) {
      ResourceRecord next = record.withState("S" + (offset & 3), "", T0.plusSeconds(offset));
      assertThat(next.updatedAt()).isAfterOrEqualTo(record.updatedAt()).isAfterOrEqualTo(next.createdAt());
      assertThat(next.version()).isEqualTo(record.version() + 1);
      record = next;
    }
  }
}
