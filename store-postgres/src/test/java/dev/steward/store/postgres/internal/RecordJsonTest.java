package dev.steward.store.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Failures;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The JSON of a row reads back as exactly what was written: every field, nanoseconds, odd text. */
class RecordJsonTest {
  private static final ResourceKey KEY = ResourceKey.of("node", "web@1", "10.0.0.7");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");
  private static final Instant T1 = T0.plusSeconds(61);

  @Test
  @DisplayName("a record with spec, attributes, failures and checkpoints reads back equal")
  void roundTripsAFullRecord() {
    ResourceRecord record = new ResourceRecord(KEY, "node", "FAILED", "exit 1 \"quoted\" \u00e9\n", Optional.of(Spec.of(KEY).with("cmd", "a && b")),
        Map.of("pid", "4711", "empty-looking", " "), T0, T1,
        Failures.none().plus(T0, "CommandFailedException", "{not json}").plus(T1, "X", ""), Map.of("STAGED", T0), 7);

    assertThat(RecordJson.record(KEY, 7, RecordJson.record(record))).isEqualTo(record);
  }

  @Test
  @DisplayName("a bare record reads back equal, without spec or failures")
  void roundTripsABareRecord() {
    ResourceRecord record = ResourceRecord.create(KEY, "node", "PLANNED", "", T0);

    assertThat(RecordJson.record(KEY, 1, RecordJson.record(record))).isEqualTo(record);
  }

  @Test
  @DisplayName("history and changes read back equal, in order")
  void roundTripsHistoryAndChanges() {
    List<Transition> history = List.of(new Transition(Optional.empty(), "PLANNED", "wanted", T0),
        new Transition(Optional.of("PLANNED"), "CREATING", "", T1));
    List<ResourceChange> changes = List.of(
        new ResourceChange(KEY, ResourceChange.Type.ADDED, Map.of("memory", new ResourceChange.FieldChange(Optional.empty(), Optional.of("2048"))), T0),
        new ResourceChange(KEY, ResourceChange.Type.CHANGED, Map.of(
            "memory", new ResourceChange.FieldChange(Optional.of("2048"), Optional.of("4096")),
            "tags", new ResourceChange.FieldChange(Optional.of("web"), Optional.empty())), T1));

    assertThat(RecordJson.history(RecordJson.history(history))).isEqualTo(history);
    assertThat(RecordJson.changes(KEY, RecordJson.changes(changes))).isEqualTo(changes);
  }

  @Test
  @DisplayName("a row that is not this store's JSON is refused with a message, not guessed at")
  void refusesForeignJson() {
    assertThatThrownBy(() -> RecordJson.history("{broken"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("A row of the postgres store holds JSON this Steward cannot read");
  }
}
