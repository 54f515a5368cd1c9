package dev.steward.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A realistic example chain for tests: a state document that grew through four schema versions.
 *
 * <pre>
 * v1 {"records":[{"name":"web-1","status":"RUNNING"}]}
 * v2 status renamed to state
 * v3 every record gets "failures":{"attempts":0}
 * v4 records keyed by name: {"records":{"web-1":{"state":"RUNNING","failures":{"attempts":0}}}}
 * </pre>
 */
final class StateDocumentChain {
  static final String RENAME = "rename status to state";
  static final String ADD_FAILURES = "add failure bookkeeping to each record";
  static final String KEY_BY_NAME = "key records by name";

  static final MigrationChain CHAIN = MigrationChain.builder("state file")
      .add(Migration.of(1, RENAME, StateDocumentChain::renameStatus))
      .add(Migration.of(2, ADD_FAILURES, StateDocumentChain::addFailures))
      .add(Migration.of(3, KEY_BY_NAME, StateDocumentChain::keyByName))
      .build();

  private StateDocumentChain() {}

  private static ObjectNode renameStatus(ObjectNode document) {
    for (JsonNode record : records(document)) {
      ObjectNode object = (ObjectNode) record;
      object.set("state", object.remove("status"));
    }
    return document;
  }

  private static ObjectNode addFailures(ObjectNode document) {
    for (JsonNode record : records(document)) {
      ((ObjectNode) record).putObject("failures").put("attempts", 0);
    }
    return document;
  }

  private static ObjectNode keyByName(ObjectNode document) {
    ObjectNode byName = JsonNodeFactory.instance.objectNode();
    for (JsonNode record : records(document)) {
      ObjectNode object = ((ObjectNode) record).deepCopy();
      String name = object.remove("name").asText();
      if (byName.has(name)) {
        throw new IllegalStateException("two records are named '" + name + "'");
      }
      byName.set(name, object);
    }
    document.set("records", byName);
    return document;
  }

  private static ArrayNode records(ObjectNode document) {
    JsonNode records = document.path("records");
    if (!records.isArray()) {
      throw new IllegalStateException("'records' is not a list");
    }
    return (ArrayNode) records;
  }

  /** What one record holds, independent of schema. */
  record Entry(String name, String state, int attempts) {}

  /**
   * A document at {@code version} holding {@code entries}, written directly in that version's shape
   * (not through the chain). Attempts exist from v3 on; older versions cannot say them.
   */
  static ObjectNode document(int version, List<Entry> entries, boolean writeVersion) {
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    if (writeVersion) {
      document.put("schema_version", version);
    }
    if (version >= 4) {
      ObjectNode records = document.putObject("records");
      for (Entry entry : entries) {
        ObjectNode record = records.putObject(entry.name());
        record.put("state", entry.state());
        record.putObject("failures").put("attempts", entry.attempts());
      }
      return document;
    }
    ArrayNode records = document.putArray("records");
    for (Entry entry : entries) {
      ObjectNode record = records.addObject();
      record.put("name", entry.name());
      record.put(version == 1 ? "status" : "state", entry.state());
      if (version == 3) {
        record.putObject("failures").put("attempts", entry.attempts());
      }
    }
    return document;
  }

  /** Every way {@code document} breaks the v4 shape; empty when it is a valid v4 document. */
  static List<String> v4Problems(JsonNode document) {
    List<String> problems = new ArrayList<>();
    if (!document.isObject()) {
      return List.of("not an object");
    }
    Set<String> allowedTop = Set.of("schema_version", "records", "written_by");
    for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowedTop.contains(name)) {
        problems.add("unexpected top-level field " + name);
      }
    }
    JsonNode version = document.get("schema_version");
    if (version == null || !version.isInt() || version.intValue() != 4) {
      problems.add("schema_version is " + version + ", not 4");
    }
    JsonNode records = document.get("records");
    if (records == null || !records.isObject()) {
      problems.add("records is not an object");
      return problems;
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = records.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode record = field.getValue();
      if (!record.isObject()) {
        problems.add(field.getKey() + " is not an object");
        continue;
      }
      Set<String> names = new HashSet<>();
      record.fieldNames().forEachRemaining(names::add);
      if (!names.equals(Set.of("state", "failures"))) {
        problems.add(field.getKey() + " has fields " + names);
      }
      if (!record.path("state").isTextual()) {
        problems.add(field.getKey() + " has no textual state");
      }
      JsonNode attempts = record.path("failures").path("attempts");
      if (!attempts.isIntegralNumber() || attempts.intValue() < 0 || record.path("failures").size() != 1) {
        problems.add(field.getKey() + " has bad failures " + record.path("failures"));
      }
    }
    return problems;
  }
}
