package dev.steward.internal.store.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceKey;
import dev.steward.StewardVersion;
import dev.steward.migration.Migration;
import dev.steward.migration.MigrationChain;
import dev.steward.migration.MigrationException;
import dev.steward.migration.UnsupportedSchemaVersionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The snapshot document of a state directory, and the schema chain that reads older ones.
 *
 * <p>Version 2 (current), written with one record per line so a person can read and diff it:
 * <pre>
 * {
 *   "schema_version": 2,
 *   "written_by": "0.1.0",
 *   "lineage": "6f1c...",
 *   "serial": 42,
 *   "records_crc32c": "1a2b3c4d",
 *   "records": {
 *     "node/web-1@local": {"lifecycle":"node","state":"RUNNING",...}
 *   }
 * }
 * </pre>
 * Version 1 (before journals): {@code {"records":[{"kind","name","host","status","reason","created",
 * "updated","attributes"}]}}, no lineage, no serial.
 */
final class StateDocument {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final MigrationChain SCHEMA = MigrationChain.builder("state file")
      .add(Migration.of(1, "records keyed by resource, status renamed to state, lineage and serial added",
          StateDocument::v1ToV2))
      .build();

  private StateDocument() {}

  /** A parsed snapshot: lineage, serial and the record nodes by key text. */
  record Parsed(String lineage, long serial, Map<String, JsonNode> records, int migratedFrom) {}

  /** Writes the current schema: top-level fields pretty, one record per line. */
  static byte[] write(String lineage, long serial, Map<String, ObjectNode> records) {
    try {
      CRC32C crc = new CRC32C();
      ByteArrayOutputStream body = new ByteArrayOutputStream(records.size() * 400 + 256);
      boolean first = true;
      for (Map.Entry<String, ObjectNode> e : records.entrySet()) {
        byte[] key = MAPPER.writeValueAsBytes(e.getKey());
        byte[] value = MAPPER.writeValueAsBytes(e.getValue());
        crc.update(key);
        crc.update(value);
        body.write((first ? "\n    " : ",\n    ").getBytes(StandardCharsets.UTF_8));
        body.write(key);
        body.write(':');
        body.write(value);
        first = false;
      }
      String head = "{\n"
          + "  \"schema_version\": " + SCHEMA.currentVersion() + ",\n"
          + "  \"written_by\": " + MAPPER.writeValueAsString(StewardVersion.current()) + ",\n"
          + "  \"lineage\": " + MAPPER.writeValueAsString(lineage) + ",\n"
          + "  \"serial\": " + serial + ",\n"
          + "  \"records_crc32c\": \"" + String.format("%08x", crc.getValue()) + "\",\n"
          + "  \"records\": {";
      ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 512);
      out.write(head.getBytes(StandardCharsets.UTF_8));
      body.writeTo(out);
      out.write((records.isEmpty() ? "}\n}\n" : "\n  }\n}\n").getBytes(StandardCharsets.UTF_8));
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a snapshot of any known version, migrating older ones in memory.
   *
   * @throws IllegalArgumentException with what is wrong, for corrupt content
   * @throws dev.steward.migration.UnsupportedSchemaVersionException for a newer schema
   */
  static Parsed read(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("the file is empty");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ", at line "
          + e.getLocation().getLineNr() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    int version;
    ObjectNode doc;
    try {
      version = SCHEMA.versionOf(root);
      if (version == SCHEMA.currentVersion()) {
        checkCrc(root);
      }
      doc = SCHEMA.migrate(root).document();
    } catch (UnsupportedSchemaVersionException e) {
      throw e;
    } catch (MigrationException e) {
      // A bad schema_version or an old document a migration cannot read is damage like any other:
      // the caller falls back to the good copy or reports the file, instead of failing outright.
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    JsonNode lineage = doc.get("lineage");
    JsonNode serial = doc.get("serial");
    JsonNode records = doc.get("records");
    if (lineage == null || !lineage.isTextual() || lineage.asText().isBlank()) {
      throw new IllegalArgumentException("field 'lineage' is missing or not a string");
    }
    if (serial == null || !serial.isIntegralNumber() || serial.longValue() < 0) {
      throw new IllegalArgumentException("field 'serial' is missing or not a whole number >= 0");
    }
    if (records == null || !records.isObject()) {
      throw new IllegalArgumentException("field 'records' is missing or not an object");
    }
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    records.fields().forEachRemaining(e -> byKey.put(e.getKey(), e.getValue()));
    return new Parsed(lineage.asText(), serial.longValue(), byKey, version);
  }

  private static void checkCrc(JsonNode root) {
    JsonNode expected = root.get("records_crc32c");
    JsonNode records = root.get("records");
    if (expected == null || !expected.isTextual()) {
      throw new IllegalArgumentException("field 'records_crc32c' is missing");
    }
    if (records == null || !records.isObject()) {
      throw new IllegalArgumentException("field 'records' is missing or not an object");
    }
    CRC32C crc = new CRC32C();
    try {
      Iterator<Map.Entry<String, JsonNode>> it = records.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        crc.update(MAPPER.writeValueAsBytes(e.getKey()));
        crc.update(MAPPER.writeValueAsBytes(e.getValue()));
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    String actual = String.format("%08x", crc.getValue());
    if (!actual.equals(expected.asText())) {
      throw new IllegalArgumentException("the records do not match their checksum (records_crc32c "
          + expected.asText() + ", computed " + actual + "): the file was changed or damaged");
    }
  }

  private static ObjectNode v1ToV2(ObjectNode v1) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    JsonNode list = v1.get("records");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("a version-1 state file needs a 'records' array");
    }
    ObjectNode records = json.objectNode();
    for (JsonNode old : (ArrayNode) list) {
      ResourceKey key = ResourceKey.of(old.path("kind").asText("node"), old.path("name").asText(), old.path("host").asText(ResourceKey.LOCAL));
      ObjectNode r = records.putObject(key.toString());
      r.put("lifecycle", "node");
      r.put("state", old.path("status").asText());
      r.put("reason", old.path("reason").asText(""));
      r.set("attributes", old.has("attributes") ? old.get("attributes") : json.objectNode());
      r.put("created_at", old.path("created").asText());
      r.put("updated_at", old.path("updated").asText(old.path("created").asText()));
      r.put("version", 1);
      ObjectNode failures = r.putObject("failures");
      failures.put("attempts", 0);
      failures.put("last_error_type", "");
      failures.put("last_error_message", "");
      r.putObject("checkpoints");
      r.putArray("history");
    }
    ObjectNode v2 = json.objectNode();
    // Deterministic, so migrating the same file twice yields the same lineage.
    v2.put("lineage", UUID.nameUUIDFromBytes(v1.toString().getBytes(StandardCharsets.UTF_8)).toString());
    v2.put("serial", 0);
    v2.set("records", records);
    return v2;
  }
}
