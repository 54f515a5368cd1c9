package dev.steward.store.postgres.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.Failures;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON the store keeps in a record's row: the record (without its key and version, which are
 * columns), its history and its kept changes. Times are ISO-8601 text, so nanoseconds survive
 * (jsonb would round a number). Names are short and stable: they are the schema of version 1.
 * Stateless and thread-safe.
 */
final class RecordJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordJson() {}

  static String record(ResourceRecord record) {
    ObjectNode node = JSON.createObjectNode();
    node.put("lifecycle", record.lifecycle());
    node.put("state", record.state());
    node.put("reason", record.reason());
    record.spec().ifPresent(spec -> node.set("spec", strings(spec.properties())));
    node.set("attributes", strings(record.attributes()));
    node.put("created_at", record.createdAt().toString());
    node.put("updated_at", record.updatedAt().toString());
    Failures failures = record.failures();
    if (failures.isFailing()) {
      ObjectNode f = node.putObject("failures");
      f.put("attempts", failures.attempts());
      f.put("first_at", failures.firstFailureAt().orElseThrow().toString());
      f.put("last_at", failures.lastFailureAt().orElseThrow().toString());
      f.put("error_type", failures.lastErrorType());
      f.put("error_message", failures.lastErrorMessage());
    }
    ObjectNode checkpoints = node.putObject("checkpoints");
    record.checkpoints().forEach((stage, at) -> checkpoints.put(stage, at.toString()));
    return write(node);
  }

  static ResourceRecord record(ResourceKey key, long version, String json) {
    JsonNode node = read(json);
    Optional<Spec> spec = node.has("spec") ? Optional.of(new Spec(key, strings(node.get("spec")))) : Optional.empty();
    Failures failures = Failures.none();
    JsonNode f = node.get("failures");
    if (f != null) {
      failures = new Failures(f.get("attempts").asInt(), Optional.of(instant(f, "first_at")), Optional.of(instant(f, "last_at")),
          f.get("error_type").asText(), f.get("error_message").asText());
    }
    Map<String, Instant> checkpoints = new TreeMap<>();
    fields(node.get("checkpoints")).forEachRemaining(e -> checkpoints.put(e.getKey(), Instant.parse(e.getValue().asText())));
    return new ResourceRecord(key, node.get("lifecycle").asText(), node.get("state").asText(), node.get("reason").asText(), spec,
        strings(node.get("attributes")), instant(node, "created_at"), instant(node, "updated_at"), failures, checkpoints, version);
  }

  static String history(List<Transition> history) {
    ArrayNode array = JSON.createArrayNode();
    for (Transition t : history) {
      ObjectNode node = array.addObject();
      t.from().ifPresent(from -> node.put("from", from));
      node.put("to", t.to());
      node.put("reason", t.reason());
      node.put("at", t.at().toString());
    }
    return write(array);
  }

  static List<Transition> history(String json) {
    List<Transition> history = new ArrayList<>();
    for (JsonNode node : read(json)) {
      history.add(new Transition(Optional.ofNullable(node.get("from")).map(JsonNode::asText), node.get("to").asText(),
          node.get("reason").asText(), instant(node, "at")));
    }
    return history;
  }

  static String changes(List<ResourceChange> changes) {
    ArrayNode array = JSON.createArrayNode();
    for (ResourceChange change : changes) {
      ObjectNode node = array.addObject();
      node.put("type", change.type().name());
      node.put("at", change.at().toString());
      ObjectNode fields = node.putObject("fields");
      change.fields().forEach((name, field) -> {
        ObjectNode f = fields.putObject(name);
        field.before().ifPresent(v -> f.put("before", v));
        field.after().ifPresent(v -> f.put("after", v));
      });
    }
    return write(array);
  }

  static List<ResourceChange> changes(ResourceKey key, String json) {
    List<ResourceChange> changes = new ArrayList<>();
    for (JsonNode node : read(json)) {
      Map<String, ResourceChange.FieldChange> fields = new TreeMap<>();
      fields(node.get("fields")).forEachRemaining(e -> fields.put(e.getKey(), new ResourceChange.FieldChange(
          Optional.ofNullable(e.getValue().get("before")).map(JsonNode::asText),
          Optional.ofNullable(e.getValue().get("after")).map(JsonNode::asText))));
      changes.add(new ResourceChange(key, ResourceChange.Type.valueOf(node.get("type").asText()), fields, instant(node, "at")));
    }
    return changes;
  }

  private static ObjectNode strings(Map<String, String> map) {
    ObjectNode node = JSON.createObjectNode();
    map.forEach(node::put);
    return node;
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> map = new TreeMap<>();
    fields(node).forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    return node == null ? Collections.emptyIterator() : node.fields();
  }

  private static Instant instant(JsonNode node, String field) {
    return Instant.parse(node.get(field).asText());
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a record as JSON", e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // A row this store did not write, or a newer schema's: say so rather than guess.
      throw new IllegalStateException("A row of the postgres store holds JSON this Steward cannot read: " + e.getOriginalMessage(), e);
    }
  }
}
