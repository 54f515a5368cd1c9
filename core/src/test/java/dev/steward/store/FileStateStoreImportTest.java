package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.StewardVersion;
import dev.steward.Transition;
import dev.steward.NodeLifecycle;
import dev.steward.migration.UnsupportedSchemaVersionException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("FileStateStore export and import")
class FileStateStoreImportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");
  private static final ResourceKey DB_1 = ResourceKey.local("node", "db-1");
  private static final String VERSION_1 = "{\"records\":[{\"kind\":\"node\",\"name\":\"web-1\",\"host\":\"local\","
      + "\"status\":\"RUNNING\",\"reason\":\"\",\"created\":\"2025-01-01T00:00:00Z\",\"updated\":\"2025-01-01T00:00:00Z\","
      + "\"attributes\":{}}]}";

  @TempDir
  Path temp;

  @Test
  @DisplayName("export is a readable document with schema version, writer, lineage, serial and every record")
  void exportIsReadable() throws IOException {
    try (FileStateStore store = StoreTestSupport.open(temp.resolve("a"))) {
      populate(store);

      ObjectNode doc = store.export();

      assertThat(doc.path("schema_version").asInt()).isEqualTo(3);
      assertThat(doc.path("written_by").asText()).isEqualTo(StewardVersion.current());
      assertThat(doc.path("lineage").asText()).isEqualTo(store.lineage());
      assertThat(doc.path("serial").asLong()).isEqualTo(store.serial());
      JsonNode web1 = doc.path("records").path("node/web-1@local");
      assertThat(web1.path("state").asText()).isEqualTo(NodeLifecycle.RUNNING);
      assertThat(web1.path("attributes").path("ip").asText()).isEqualTo("10.0.0.1");
      assertThat(web1.path("checkpoints").has("provisioned")).isTrue();
      assertThat(web1.path("history")).hasSize(4);
      assertThat(doc.path("records").path("node/web-2@local").path("failures").path("last_error_type").asText())
          .isEqualTo("Timeout");
      assertThat(JSON.readTree(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc))).isEqualTo(doc);
    }
  }

  @Test
  @DisplayName("an export imports into a fresh directory without force, with records, history, checkpoints and failures equal")
  void exportImportsIntoAFreshDirectory() {
    Snapshot source = exported(temp.resolve("a"));
    Path target = temp.resolve("b");
    try (FileStateStore store = StoreTestSupport.open(target)) {
      assertThat(store.serial()).isZero();

      store.importDocument(source.document(), false);

      assertThat(store.lineage()).isEqualTo(source.lineage());
      assertThat(store.serial()).isEqualTo(source.serial());
      assertThat(store.list()).isEqualTo(source.records());
      assertThat(store.history(WEB_1)).isEqualTo(source.history(WEB_1));
      assertThat(store.get(WEB_1).checkpoints()).containsKey("provisioned");
      assertThat(store.get(WEB_2).failures().attempts()).isEqualTo(2);
    }
    assertReopenedHolds(target, source.lineage(), source.serial(), source);
  }

  @Test
  @DisplayName("an import of another lineage into a store that holds state is refused, naming both lineages, and changes no file")
  void refusesAnotherLineage() throws IOException {
    Snapshot source = exported(temp.resolve("a"));
    Path target = temp.resolve("b");
    try (FileStateStore store = StoreTestSupport.open(target)) {
      store.create(DB_1, "node", Optional.empty(), "its own state");
      String lineage = store.lineage();
      long serial = store.serial();
      Map<String, String> before = StoreTestSupport.contents(target);

      assertThatThrownBy(() -> store.importDocument(source.document(), false))
          .isInstanceOf(ImportRefusedException.class)
          .hasMessageContaining("lineage " + source.lineage())
          .hasMessageContaining("holds lineage " + lineage)
          .hasMessageContaining("Nothing was changed.");

      assertThat(StoreTestSupport.contents(target)).isEqualTo(before);
      assertThat(store.lineage()).isEqualTo(lineage);
      assertThat(store.serial()).isEqualTo(serial);
      assertThat(store.list()).extracting(ResourceRecord::key).containsExactly(DB_1);
    }
    try (FileStateStore reopened = StoreTestSupport.open(target)) {
      assertThat(reopened.list()).extracting(ResourceRecord::key).containsExactly(DB_1);
      assertThat(reopened.verify().problems()).isEmpty();
    }
  }

  @Test
  @DisplayName("with force, an import of another lineage replaces the state and the store adopts the document's lineage")
  void forceReplacesAnotherLineage() {
    Snapshot source = exported(temp.resolve("a"));
    Path target = temp.resolve("b");
    long expectedSerial;
    try (FileStateStore store = StoreTestSupport.open(target)) {
      for (int i = 0; i < source.serial() + 3; i++) {
        store.updateAttributes(createIfMissing(store, DB_1), Map.of("n", Integer.toString(i)));
      }
      expectedSerial = Math.max(store.serial(), source.serial()) + 1;
      assertThat(store.serial()).isGreaterThan(source.serial());

      store.importDocument(source.document(), true);

      assertThat(store.lineage()).isEqualTo(source.lineage());
      assertThat(store.serial()).isEqualTo(expectedSerial);
      assertThat(store.list()).isEqualTo(source.records());
    }
    assertReopenedHolds(target, source.lineage(), expectedSerial, source);
  }

  @Test
  @DisplayName("an older serial of the same lineage is refused, naming both serials and how many changes it would undo; force takes it")
  void refusesAnOlderSerial() throws IOException {
    Path dir = temp.resolve("a");
    Snapshot old = exported(dir);
    long current;
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      store.transition(WEB_1, NodeLifecycle.STOPPING, "maintenance");
      store.transition(WEB_1, NodeLifecycle.STOPPED, "maintenance");
      store.delete(WEB_2);
      current = store.serial();
      assertThat(current).isEqualTo(old.serial() + 3);
      Map<String, String> before = StoreTestSupport.contents(dir);

      assertThatThrownBy(() -> store.importDocument(old.document(), false))
          .isInstanceOf(ImportRefusedException.class)
          .hasMessageContaining("serial " + old.serial() + ", older than serial " + current)
          .hasMessageContaining("would undo 3 changes")
          .hasMessageContaining("Nothing was changed.");
      assertThat(StoreTestSupport.contents(dir)).isEqualTo(before);
      assertThat(store.serial()).isEqualTo(current);
      assertThat(store.get(WEB_1).state()).isEqualTo(NodeLifecycle.STOPPED);

      store.importDocument(old.document(), true);

      assertThat(store.serial()).isEqualTo(current + 1);
      assertThat(store.lineage()).isEqualTo(old.lineage());
      assertThat(store.list()).isEqualTo(old.records());
    }
    assertReopenedHolds(dir, old.lineage(), current + 1, old);
  }

  @Test
  @DisplayName("a copy with the same serial but different records is refused as diverged; force takes it")
  void refusesTheSameSerialWithDifferentRecords() throws IOException {
    Path a = temp.resolve("a");
    Path b = temp.resolve("b");
    exported(a);
    StoreTestSupport.copyStateFiles(a, b);
    Snapshot ours;
    try (FileStateStore store = StoreTestSupport.open(a)) {
      store.updateAttributes(WEB_1, Map.of("side", "a"));
      ours = Snapshot.of(store);
    }
    try (FileStateStore store = StoreTestSupport.open(b)) {
      store.updateAttributes(WEB_1, Map.of("side", "b"));
      assertThat(store.lineage()).isEqualTo(ours.lineage());
      assertThat(store.serial()).isEqualTo(ours.serial());
      Map<String, String> before = StoreTestSupport.contents(b);

      assertThatThrownBy(() -> store.importDocument(ours.document(), false))
          .isInstanceOf(ImportRefusedException.class)
          .hasMessageContaining("same serial (" + ours.serial() + ")")
          .hasMessageContaining("different records")
          .hasMessageContaining("Nothing was changed.");
      assertThat(StoreTestSupport.contents(b)).isEqualTo(before);
      assertThat(store.get(WEB_1).attributes()).containsEntry("side", "b");

      store.importDocument(ours.document(), true);

      assertThat(store.serial()).isEqualTo(ours.serial() + 1);
      assertThat(store.list()).isEqualTo(ours.records());
    }
    assertReopenedHolds(b, ours.lineage(), ours.serial() + 1, ours);
  }

  @Test
  @DisplayName("importing an identical copy changes nothing, not even the serial or a file")
  void identicalCopyIsANoOp() throws IOException {
    Path dir = temp.resolve("a");
    Snapshot source = exported(dir);
    Path copy = temp.resolve("b");
    StoreTestSupport.copyStateFiles(dir, copy);
    for (Path target : List.of(dir, copy)) {
      Map<String, String> before = StoreTestSupport.contents(target);
      try (FileStateStore store = StoreTestSupport.open(target)) {
        store.importDocument(source.document(), false);

        assertThat(store.serial()).as("serial of %s", target).isEqualTo(source.serial());
      }
      assertThat(StoreTestSupport.contents(target)).as("files of %s", target).isEqualTo(before);
      assertReopenedHolds(target, source.lineage(), source.serial(), source);
    }
  }

  @Test
  @DisplayName("a version-1 document is migrated on import")
  void importsAVersion1Document() throws IOException {
    Path dir = temp.resolve("a");
    long serial;
    String lineage;
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      store.importDocument(JSON.readTree(VERSION_1), false);

      ResourceRecord web1 = store.get(WEB_1);
      assertThat(web1.lifecycle()).isEqualTo("node");
      assertThat(web1.state()).isEqualTo(NodeLifecycle.RUNNING);
      assertThat(web1.createdAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
      assertThat(store.list()).hasSize(1);
      assertThat(store.export().path("schema_version").asInt()).isEqualTo(3);
      serial = store.serial();
      lineage = store.lineage();
    }
    try (FileStateStore reopened = StoreTestSupport.open(dir)) {
      assertThat(reopened.lineage()).isEqualTo(lineage);
      assertThat(reopened.serial()).isEqualTo(serial);
      assertThat(reopened.get(WEB_1).state()).isEqualTo(NodeLifecycle.RUNNING);
      assertThat(reopened.verify().problems()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      records is a number                      | {"records": 5}                                        | a version-1 state file needs a 'records' array
      not an object                            | [1, 2]                                                | not a JSON object
      a version-1 record without its timestamp | {"records":[{"kind":"node","name":"web-1","status":"RUNNING"}]} | field 'created_at'
      a record without its state               | WITHOUT_STATE                                         | record node/web-1@local: field 'state' is missing or not a string
      a record changed by hand                 | CHANGED_BY_HAND                                       | do not match their checksum
      no records checksum                      | WITHOUT_CHECKSUM                                      | field 'records_crc32c' is missing
      """)
  @DisplayName("a document that is not a valid state is refused, naming the problem, and changes no file")
  void refusesGarbage(String what, String document, String problem) throws IOException {
    Path dir = temp.resolve("a");
    Snapshot source = exported(dir);
    JsonNode garbage = switch (document) {
      case "WITHOUT_STATE" -> withChecksum(without(source.document(), "state"));
      case "CHANGED_BY_HAND" -> without(source.document(), "state");
      case "WITHOUT_CHECKSUM" -> {
        ObjectNode doc = source.document().deepCopy();
        doc.remove("records_crc32c");
        yield doc;
      }
      default -> JSON.readTree(document);
    };
    Map<String, String> before = StoreTestSupport.contents(dir);
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      assertThatThrownBy(() -> store.importDocument(garbage, true))
          .isInstanceOf(ImportRefusedException.class)
          .hasMessageStartingWith("The document is not a valid state: ")
          .hasMessageContaining(problem)
          .hasMessageEndingWith("Nothing was changed.");
    }
    assertThat(StoreTestSupport.contents(dir)).isEqualTo(before);
    assertReopenedHolds(dir, source.lineage(), source.serial(), source);
  }

  @Test
  @DisplayName("a document of a newer schema is refused, naming its version, and changes no file")
  void refusesANewerSchema() throws IOException {
    Path dir = temp.resolve("a");
    Snapshot source = exported(dir);
    ObjectNode newer = source.document().deepCopy();
    newer.put("schema_version", 99);
    newer.put("written_by", "9.9.9");
    Map<String, String> before = StoreTestSupport.contents(dir);
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      assertThatThrownBy(() -> store.importDocument(newer, true))
          .isInstanceOfSatisfying(UnsupportedSchemaVersionException.class,
              e -> assertThat(e.documentVersion()).isEqualTo(99))
          .hasMessageContaining("schema version 99")
          .hasMessageContaining("Steward 9.9.9")
          .hasMessageContaining("Nothing was changed.");
    }
    assertThat(StoreTestSupport.contents(dir)).isEqualTo(before);
    assertReopenedHolds(dir, source.lineage(), source.serial(), source);
  }

  // ---------------------------------------------------------------------------------------------

  /** What a store held when it was exported. */
  private record Snapshot(ObjectNode document, String lineage, long serial, List<ResourceRecord> records,
      Map<ResourceKey, List<Transition>> histories) {
    static Snapshot of(FileStateStore store) {
      Map<ResourceKey, List<Transition>> histories = new LinkedHashMap<>();
      List<ResourceRecord> records = store.list();
      records.forEach(r -> histories.put(r.key(), store.history(r.key())));
      return new Snapshot(store.export(), store.lineage(), store.serial(), records, histories);
    }

    List<Transition> history(ResourceKey key) {
      return histories.get(key);
    }
  }

  /** Fills {@code dir} with two records carrying history, attributes, a spec, a checkpoint and failures. */
  private static Snapshot exported(Path dir) {
    try (FileStateStore store = StoreTestSupport.open(dir)) {
      populate(store);
      return Snapshot.of(store);
    }
  }

  private static void populate(FileStateStore store) {
    store.create(WEB_1, "node", Optional.of(new Spec(WEB_1, Map.of("image", "nginx:1.27"))), "planned");
    store.transition(WEB_1, NodeLifecycle.CREATING, "create");
    store.transition(WEB_1, NodeLifecycle.STARTING, "start");
    store.transition(WEB_1, NodeLifecycle.RUNNING, "up");
    store.updateAttributes(WEB_1, Map.of("ip", "10.0.0.1"));
    store.checkpoint(WEB_1, "provisioned");
    store.create(WEB_2, "node", Optional.empty(), "planned");
    store.recordFailure(WEB_2, "Timeout", "no answer in 30 s");
    store.recordFailure(WEB_2, "Timeout", "no answer in 30 s");
  }

  private static ResourceKey createIfMissing(FileStateStore store, ResourceKey key) {
    if (store.find(key).isEmpty()) {
      store.create(key, "node", Optional.empty(), "its own state");
    }
    return key;
  }

  /** A fresh store on {@code dir} sees {@code expected} at that lineage and serial, and verify finds nothing wrong. */
  private static void assertReopenedHolds(Path dir, String lineage, long serial, Snapshot expected) {
    try (FileStateStore reopened = StoreTestSupport.open(dir)) {
      assertThat(reopened.lineage()).isEqualTo(lineage);
      assertThat(reopened.serial()).isEqualTo(serial);
      assertThat(reopened.list()).isEqualTo(expected.records());
      expected.histories().forEach((key, history) -> assertThat(reopened.history(key)).as("history of %s", key).isEqualTo(history));
      assertThat(reopened.verify().problems()).isEmpty();
    }
    assertThat(FileStateStore.verify(StoreTestSupport.settings(dir, StoreTestSupport.NEVER_COMPACT)).problems()).isEmpty();
  }

  /** A copy of {@code document} with {@code field} removed from the record of web-1; its checksum is left as it was. */
  private static ObjectNode without(ObjectNode document, String field) {
    ObjectNode copy = document.deepCopy();
    ((ObjectNode) copy.path("records").path("node/web-1@local")).remove(field);
    return copy;
  }

  /** {@code document} with its records checksum computed anew, as the store computes it. */
  private static ObjectNode withChecksum(ObjectNode document) throws IOException {
    CRC32C crc = new CRC32C();
    Iterator<Map.Entry<String, JsonNode>> it = document.path("records").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      crc.update(JSON.writeValueAsBytes(e.getKey()));
      crc.update(JSON.writeValueAsBytes(e.getValue()));
    }
    document.put("records_crc32c", String.format("%08x", crc.getValue()));
    return document;
  }
}
