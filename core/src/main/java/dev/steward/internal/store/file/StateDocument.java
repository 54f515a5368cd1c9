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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The snapshot document of a state directory, and the schema chain that reads older ones.
 *
 * <p>Version 3 (current), written with one record per line so a person can read and diff it:
 * <pre>
 * {
 *   "schema_version": 3,
 *   "written_by": "0.1.0",
 *   "lineage": "6f1c...",
 *   "serial": 42,
 *   "records_crc32c": "1a2b3c4d",
 *   "records": {
 *     "node/web-1@local": {"lifecycle":"node","state":"RUNNING",...}
 *   }
 * }
 * </pre>
 * A record may hold {@code "changes"}, its kept changes ({@code [{"type":"CHANGED","at":...,
 * "fields":{"memory":{"before":"2048","after":"4096"}}}]}), before its {@code "history"}. Version 2
 * is the same without changes: an older Steward that does not know them refuses a version-3 file
 * instead of dropping them. Version 1 (before journals): {@code {"records":[{"kind","name","host","status","reason","created",
 * "updated","attributes"}]}}, no lineage, no serial.
 */
final class StateDocument {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final MigrationChain SCHEMA = MigrationChain.builder("state file")
      .add(Migration.of(1, "records keyed by resource, status renamed to state, lineage and serial added",
          StateDocument::v1ToV2))
      .add(Migration.of(2, "records may keep their changes (StateStore.observe); a version-2 record has none, so nothing is converted",
          document -> document))
      .build();

  private StateDocument() {}

  /** A parsed snapshot: lineage, serial and the record nodes by key text. */
  record Parsed(String lineage, long serial, Map<String, JsonNode> records, int migratedFrom) {}

  /** A snapshot read and decoded into records. */
  record Decoded(String lineage, long serial, int migratedFrom, java.util.TreeMap<ResourceKey, StoredEntry> entries) {}

  /**
   * Reads and decodes a snapshot of any known version. A file in the layout {@link #write} makes
   * takes the fast path: each record line is checksummed as raw bytes and decoded without a tree,
   * on all cores. Anything else (an older schema, a file a person reformatted) takes the general
   * path, with the same checks and messages.
   *
   * @throws IllegalArgumentException with what is wrong, for corrupt content
   * @throws dev.steward.migration.UnsupportedSchemaVersionException for a newer schema
   */
  static Decoded readDecoded(byte[] bytes) {
    Decoded fast = readFast(bytes);
    if (fast != null) {
      return fast;
    }
    Parsed parsed = read(bytes);
    java.util.TreeMap<ResourceKey, StoredEntry> entries = new java.util.TreeMap<>();
    parsed.records().forEach((key, node) -> {
      RecordCodec.Entry entry = RecordCodec.decode(key, node);
      entries.put(entry.record().key(), new StoredEntry(entry.record(), entry.history(), entry.changes()));
    });
    return new Decoded(parsed.lineage(), parsed.serial(), parsed.migratedFrom(), entries);
  }

  private static final byte[] RECORDS_LINE = "\n  \"records\": {".getBytes(StandardCharsets.UTF_8);

  /** The fast path, or null when the bytes are not in the layout {@link #write} makes. */
  private static Decoded readFast(byte[] bytes) {
    int at = indexOf(bytes, RECORDS_LINE, 0);
    if (at < 0) {
      return null;
    }
    JsonNode header;
    try {
      header = MAPPER.readTree(new String(bytes, 0, at, StandardCharsets.UTF_8) + "\n  \"records\": {}\n}");
    } catch (IOException e) {
      return null;
    }
    JsonNode version = header.get("schema_version");
    JsonNode lineage = header.get("lineage");
    JsonNode serial = header.get("serial");
    JsonNode crcField = header.get("records_crc32c");
    if (version == null || !version.isInt() || version.intValue() != SCHEMA.currentVersion()
        || lineage == null || !lineage.isTextual() || lineage.asText().isBlank()
        || serial == null || !serial.isIntegralNumber() || serial.longValue() < 0
        || crcField == null || !crcField.isTextual()) {
      return null;
    }
    int pos = at + RECORDS_LINE.length;
    List<int[]> slices = new ArrayList<>();
    if (pos < bytes.length && bytes[pos] == '}') {
      pos++;
    } else {
      while (true) {
        if (pos >= bytes.length || bytes[pos] != '\n') {
          return null;
        }
        int start = pos + 1;
        int end = indexOf(bytes, NEWLINE, start);
        if (end < 0) {
          return null;
        }
        if (end - start == 3 && bytes[start] == ' ' && bytes[start + 1] == ' ' && bytes[start + 2] == '}') {
          pos = end;
          break;
        }
        if (end - start < 8 || bytes[start] != ' ' || bytes[start + 1] != ' ' || bytes[start + 2] != ' '
            || bytes[start + 3] != ' ' || bytes[start + 4] != '"') {
          return null;
        }
        int keyEnd = indexOf(bytes, QUOTE_COLON, start + 5);
        if (keyEnd < 0 || keyEnd >= end) {
          return null;
        }
        int valueEnd = bytes[end - 1] == ',' ? end - 1 : end;
        slices.add(new int[] {start + 4, keyEnd + 1, keyEnd + 2, valueEnd});
        pos = end;
      }
    }
    String tail = new String(bytes, pos, bytes.length - pos, StandardCharsets.UTF_8);
    if (!tail.strip().equals("}")) {
      return null;
    }
    CRC32C crc = new CRC32C();
    for (int[] slice : slices) {
      crc.update(bytes, slice[0], slice[1] - slice[0]);
      crc.update(bytes, slice[2], slice[3] - slice[2]);
    }
    String actual = String.format("%08x", crc.getValue());
    if (!actual.equals(crcField.asText())) {
      throw new IllegalArgumentException("the records do not match their checksum (records_crc32c "
          + crcField.asText() + ", computed " + actual + "): the file was changed or damaged");
    }
    // Records are checksummed, not decoded: each is decoded when it is first used (see StoredEntry).
    ResourceKey[] keys = new ResourceKey[slices.size()];
    StoredEntry[] entries = new StoredEntry[keys.length];
    for (int i = 0; i < keys.length; i++) {
      int[] slice = slices.get(i);
      if (indexOf(bytes, BACKSLASH, slice[0] + 1, slice[1] - 1) >= 0) {
        return null; // an escaped key: let the general path read it
      }
      String keyText = new String(bytes, slice[0] + 1, slice[1] - slice[0] - 2, StandardCharsets.UTF_8);
      try {
        keys[i] = ResourceKey.parse(keyText);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("record " + keyText + ": record key: " + e.getMessage(), e);
      }
      if (bytes[slice[2]] != '{' || bytes[slice[3] - 1] != '}') {
        return null; // not a compact object: let the general path read it and say what is wrong
      }
      entries[i] = StoredEntry.sharing(keys[i], bytes, slice[2], slice[3] - slice[2]);
    }
    return new Decoded(lineage.asText(), serial.longValue(), SCHEMA.currentVersion(), SortedArrays.treeMap(keys, entries));
  }

  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] BACKSLASH = {'\\'};
  private static final byte[] QUOTE_COLON = {'"', ':'};

  private static int indexOf(byte[] bytes, byte[] needle, int from) {
    return indexOf(bytes, needle, from, bytes.length);
  }

  /** The first index of {@code needle} in {@code bytes[from, to)}, or -1. */
  private static int indexOf(byte[] bytes, byte[] needle, int from, int to) {
    if (needle.length == 1) {
      byte b = needle[0];
      for (int i = from; i < to; i++) {
        if (bytes[i] == b) {
          return i;
        }
      }
      return -1;
    }
    outer:
    for (int i = from; i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * Writes the current schema, top-level fields pretty and one record per line, from records
   * encoded as compact JSON ({@link RecordCodec#encodeBytes}).
   */
  static byte[] write(String lineage, long serial, Map<String, byte[]> records) {
    Map<String, Journal.Slice> slices = new java.util.LinkedHashMap<>();
    records.forEach((key, value) -> slices.put(key, new Journal.Slice(value, 0, value.length)));
    return writeSlices(lineage, serial, slices);
  }

  /** As {@link #write}, with each record's JSON where it lies (a slice of a snapshot read earlier, say). */
  static byte[] writeSlices(String lineage, long serial, Map<String, Journal.Slice> records) {
    try {
      CRC32C crc = new CRC32C();
      ByteArrayOutputStream body = new ByteArrayOutputStream(records.size() * 400 + 256);
      boolean first = true;
      for (Map.Entry<String, Journal.Slice> e : records.entrySet()) {
        byte[] key = MAPPER.writeValueAsBytes(e.getKey());
        Journal.Slice value = e.getValue();
        crc.update(key);
        crc.update(value.bytes(), value.offset(), value.length());
        body.write((first ? "\n    " : ",\n    ").getBytes(StandardCharsets.UTF_8));
        body.write(key);
        body.write(':');
        body.write(value.bytes(), value.offset(), value.length());
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
