package dev.steward.internal.store.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.Failures;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Records to JSON and back, written field by field so the file stays readable and stable across
 * refactorings of the Java types. Decoding checks every field and says which one is wrong.
 */
final class RecordCodec {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private RecordCodec() {}

  /** A record and its history, as stored. */
  record Entry(ResourceRecord record, List<Transition> history) {
    Entry {
      history = List.copyOf(history);
    }
  }

  static ObjectNode encode(Entry entry) {
    ResourceRecord r = entry.record();
    ObjectNode node = JSON.objectNode();
    node.put("lifecycle", r.lifecycle());
    node.put("state", r.state());
    node.put("reason", r.reason());
    r.spec().ifPresent(spec -> node.set("spec", strings(spec.properties())));
    node.set("attributes", strings(r.attributes()));
    node.put("created_at", r.createdAt().toString());
    node.put("updated_at", r.updatedAt().toString());
    node.put("version", r.version());
    ObjectNode failures = node.putObject("failures");
    Failures f = r.failures();
    failures.put("attempts", f.attempts());
    f.firstFailureAt().ifPresent(t -> failures.put("first_failure_at", t.toString()));
    f.lastFailureAt().ifPresent(t -> failures.put("last_failure_at", t.toString()));
    failures.put("last_error_type", f.lastErrorType());
    failures.put("last_error_message", f.lastErrorMessage());
    ObjectNode checkpoints = node.putObject("checkpoints");
    r.checkpoints().forEach((stage, at) -> checkpoints.put(stage, at.toString()));
    ArrayNode history = node.putArray("history");
    for (Transition t : entry.history()) {
      ObjectNode h = history.addObject();
      t.from().ifPresent(from -> h.put("from", from));
      h.put("to", t.to());
      h.put("reason", t.reason());
      h.put("at", t.at().toString());
    }
    return node;
  }

  /**
   * @throws IllegalArgumentException naming the key and the field that is missing or wrong
   */
  static Entry decode(String keyText, JsonNode node) {
    ResourceKey key;
    try {
      key = ResourceKey.parse(keyText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("record key: " + e.getMessage(), e);
    }
    try {
      if (!node.isObject()) {
        throw new IllegalArgumentException("is not a JSON object");
      }
      Optional<Spec> spec = node.hasNonNull("spec") ? Optional.of(new Spec(key, strings(node.get("spec"), "spec"))) : Optional.empty();
      JsonNode f = object(node, "failures");
      int attempts = integer(f, "attempts");
      Failures failures = attempts == 0 ? Failures.none() : new Failures(attempts,
          Optional.of(instant(f, "first_failure_at")), Optional.of(instant(f, "last_failure_at")),
          text(f, "last_error_type"), text(f, "last_error_message"));
      Map<String, Instant> checkpoints = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> cps = object(node, "checkpoints").fields();
      while (cps.hasNext()) {
        Map.Entry<String, JsonNode> cp = cps.next();
        checkpoints.put(cp.getKey(), parseInstant(cp.getValue(), "checkpoints." + cp.getKey()));
      }
      ResourceRecord record = new ResourceRecord(key, text(node, "lifecycle"), text(node, "state"), text(node, "reason"), spec,
          strings(object(node, "attributes"), "attributes"), instant(node, "created_at"), instant(node, "updated_at"),
          failures, checkpoints, longValue(node, "version"));
      List<Transition> history = new ArrayList<>();
      JsonNode h = node.get("history");
      if (h == null || !h.isArray()) {
        throw new IllegalArgumentException("field 'history' is missing or not an array");
      }
      for (JsonNode t : h) {
        Optional<String> from = t.hasNonNull("from") ? Optional.of(text(t, "from")) : Optional.empty();
        history.add(new Transition(from, text(t, "to"), text(t, "reason"), instant(t, "at")));
      }
      return new Entry(record, history);
    } catch (IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("record " + keyText + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode strings(Map<String, String> map) {
    ObjectNode node = JSON.objectNode();
    new TreeMap<>(map).forEach(node::put);
    return node;
  }

  private static Map<String, String> strings(JsonNode node, String field) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("field '" + field + "' is not an object");
    }
    Map<String, String> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException("field '" + field + "." + e.getKey() + "' is not a string");
      }
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }

  private static JsonNode object(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not an object");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a whole number");
    }
    return value.intValue();
  }

  private static long longValue(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a whole number");
    }
    return value.longValue();
  }

  private static Instant instant(JsonNode node, String field) {
    return parseInstant(node.get(field), field);
  }

  private static Instant parseInstant(JsonNode value, String field) {
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a timestamp");
    }
    try {
      return Instant.parse(value.asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 timestamp: " + value.asText());
    }
  }
}
