package dev.steward.internal.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Failures;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fast reader and the general one must agree on every snapshot the store writes. */
class SnapshotFastPathTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Map<String, byte[]> records(int n) {
    Map<String, byte[]> records = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      ResourceKey key = ResourceKey.of("node", "web-" + i, i % 2 == 0 ? "local" : "::1");
      Failures failures = i % 3 == 0 ? Failures.none() : Failures.none().plus(T0.plusSeconds(i), "Boom", "it \"broke\"\n");
      ResourceRecord record = new ResourceRecord(key, "node", "RUNNING", "reason " + i,
          i % 2 == 0 ? Optional.of(Spec.of(key).with("version", "1." + i)) : Optional.empty(),
          Map.of("pid", Integer.toString(1000 + i), "ünïcode", "välue"), T0, T0.plusNanos(i), failures,
          Map.of("STAGED", T0.plusMillis(i)), 3);
      List<Transition> history = List.of(new Transition(Optional.empty(), "PLANNED", "", T0),
          new Transition(Optional.of("PLANNED"), "RUNNING", "up", T0.plusSeconds(1)));
      records.put(key.toString(), RecordCodec.encodeBytes(new RecordCodec.Entry(record, history)));
    }
    return records;
  }

  @Test
  void theFastPathReadsWhatTheGeneralPathReads() throws Exception {
    byte[] written = StateDocument.write("lineage-1", 42, records(50));
    // The same document reformatted by a person's tool: only the general path can read it.
    byte[] reformatted = StateDocument.MAPPER.writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(StateDocument.MAPPER.readTree(written));

    StateDocument.Decoded fast = StateDocument.readDecoded(written);
    StateDocument.Decoded general = StateDocument.readDecoded(reformatted);

    assertThat(fast.entries()).hasSize(50);
    assertThat(fast).isEqualTo(general);
    assertThat(fast.lineage()).isEqualTo("lineage-1");
    assertThat(fast.serial()).isEqualTo(42);
  }

  @Test
  void readsAnEmptySnapshot() {
    StateDocument.Decoded decoded = StateDocument.readDecoded(StateDocument.write("l", 0, Map.of()));

    assertThat(decoded.entries()).isEmpty();
    assertThat(decoded.serial()).isZero();
  }

  @Test
  void refusesARecordChangedBehindTheChecksumsBack() {
    String text = new String(StateDocument.write("l", 7, records(3)), StandardCharsets.UTF_8);
    byte[] altered = text.replace("reason 1\"", "reason X\"").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> StateDocument.readDecoded(altered))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not match their checksum");
  }

  @Test
  void whatTheEncoderWritesBothDecodersReadBackExactly() {
    ResourceKey key = ResourceKey.local("node", "web-1");
    Failures failures = Failures.none().plus(T0, "Boom", "quote \" and newline \n and ünïcode");
    ResourceRecord record = new ResourceRecord(key, "node", "FAILED", "why", Optional.of(Spec.of(key).with("b", "2").with("a", "1")),
        Map.of("z", "last", "a", "first"), T0, T0.plusSeconds(3), failures, Map.of("B", T0, "A", T0.plusNanos(1)), 9);
    RecordCodec.Entry entry = new RecordCodec.Entry(record, List.of(new Transition(Optional.empty(), "PLANNED", "", T0)));
    byte[] bytes = RecordCodec.encodeBytes(entry);

    assertThat(RecordCodec.decode(key.toString(), bytes, 0, bytes.length)).isEqualTo(entry);
    assertThat(RecordCodec.decode(key.toString(), readTree(bytes))).isEqualTo(entry);
    assertThat(RecordCodec.encodeBytes(entry)).as("the same entry, the same bytes").isEqualTo(bytes);
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] bytes) {
    try {
      return StateDocument.MAPPER.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
