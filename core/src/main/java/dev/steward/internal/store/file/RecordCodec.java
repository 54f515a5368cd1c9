package dev.steward.internal.store.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.Failures;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Spec;
import dev.steward.Transition;
import java.io.IOException;
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
  private RecordCodec() {}

  /** A record, its history and its kept changes (see {@link dev.steward.StateStore#observe}), as stored. */
  record Entry(ResourceRecord record, List<Transition> history, List<ResourceChange> changes) {
    Entry {
      history = history instanceof RawHistory ? history : List.copyOf(history);
      changes = List.copyOf(changes);
    }

    /** An entry without changes. */
    Entry(ResourceRecord record, List<Transition> history) {
      this(record, history, List.of());
    }
  }

  /**
   * A record and its history as compact JSON, written straight to bytes (no tree: the commit path
   * encodes one record per commit). Field order is fixed, so the same entry always gives the same
   * bytes, which the snapshot checksum relies on.
   */
  static byte[] encodeBytes(Entry entry) {
    RawHistory raw = entry.history() instanceof RawHistory ? (RawHistory) entry.history() : null;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512 + (raw == null ? 0 : raw.json().length));
    try (com.fasterxml.jackson.core.JsonGenerator g = StateDocument.MAPPER.getFactory().createGenerator(out)) {
      ResourceRecord r = entry.record();
      g.writeStartObject();
      g.writeStringField("lifecycle", r.lifecycle());
      g.writeStringField("state", r.state());
      g.writeStringField("reason", r.reason());
      if (r.spec().isPresent()) {
        g.writeFieldName("spec");
        writeStrings(g, r.spec().get().properties());
      }
      g.writeFieldName("attributes");
      writeStrings(g, r.attributes());
      g.writeStringField("created_at", FastInstant.format(r.createdAt()));
      g.writeStringField("updated_at", FastInstant.format(r.updatedAt()));
      g.writeNumberField("version", r.version());
      Failures f = r.failures();
      g.writeObjectFieldStart("failures");
      g.writeNumberField("attempts", f.attempts());
      if (f.firstFailureAt().isPresent()) {
        g.writeStringField("first_failure_at", FastInstant.format(f.firstFailureAt().get()));
      }
      if (f.lastFailureAt().isPresent()) {
        g.writeStringField("last_failure_at", FastInstant.format(f.lastFailureAt().get()));
      }
      g.writeStringField("last_error_type", f.lastErrorType());
      g.writeStringField("last_error_message", f.lastErrorMessage());
      g.writeEndObject();
      g.writeObjectFieldStart("checkpoints");
      for (Map.Entry<String, Instant> cp : r.checkpoints().entrySet()) {
        g.writeStringField(cp.getKey(), FastInstant.format(cp.getValue()));
      }
      g.writeEndObject();
      if (!entry.changes().isEmpty()) {
        g.writeArrayFieldStart("changes"); // before the history, which is written last
        for (ResourceChange c : entry.changes()) {
          writeChange(g, c);
        }
        g.writeEndArray();
      }
      if (raw == null) {
        g.writeArrayFieldStart("history");
        for (Transition t : entry.history()) {
          writeTransition(g, t);
        }
        g.writeEndArray();
      } else {
        // Copied as the bytes it was read as; the generator writes the field name and a
        // placeholder so it keeps its own state right, and the placeholder is replaced below.
        g.writeFieldName("history");
        g.writeStartArray();
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (raw == null) {
      return out.toByteArray();
    }
    byte[] head = out.toByteArray(); // ...,"history":[]}
    byte[] history = raw.json();
    byte[] bytes = new byte[head.length - 3 + history.length + 1];
    System.arraycopy(head, 0, bytes, 0, head.length - 3);
    System.arraycopy(history, 0, bytes, head.length - 3, history.length);
    bytes[bytes.length - 1] = '}';
    return bytes;
  }

  /** One transition as compact JSON, as it appears in a history array. */
  static byte[] encodeTransition(Transition t) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(128);
    try (com.fasterxml.jackson.core.JsonGenerator g = StateDocument.MAPPER.getFactory().createGenerator(out)) {
      writeTransition(g, t);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeTransition(com.fasterxml.jackson.core.JsonGenerator g, Transition t) throws IOException {
    g.writeStartObject();
    if (t.from().isPresent()) {
      g.writeStringField("from", t.from().get());
    }
    g.writeStringField("to", t.to());
    g.writeStringField("reason", t.reason());
    g.writeStringField("at", FastInstant.format(t.at()));
    g.writeEndObject();
  }

  /** One change without its key (its record's): {@code {"type":"CHANGED","at":"...","fields":{"memory":{"before":"2048","after":"4096"}}}}. */
  private static void writeChange(com.fasterxml.jackson.core.JsonGenerator g, ResourceChange c) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", c.type().name());
    g.writeStringField("at", FastInstant.format(c.at()));
    g.writeObjectFieldStart("fields");
    for (Map.Entry<String, ResourceChange.FieldChange> f : c.fields().entrySet()) {
      g.writeObjectFieldStart(f.getKey());
      if (f.getValue().before().isPresent()) {
        g.writeStringField("before", f.getValue().before().get());
      }
      if (f.getValue().after().isPresent()) {
        g.writeStringField("after", f.getValue().after().get());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeStrings(com.fasterxml.jackson.core.JsonGenerator g, Map<String, String> map) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
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
      List<ResourceChange> changes = new ArrayList<>();
      JsonNode cs = node.get("changes");
      if (cs != null) {
        if (!cs.isArray()) {
          throw new IllegalArgumentException("field 'changes' is not an array");
        }
        for (JsonNode c : cs) {
          changes.add(change(key, c));
        }
      }
      return new Entry(record, history, changes);
    } catch (IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("record " + keyText + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one record from its JSON bytes without building a tree: the fast path for opening a
   * large store. Accepts exactly what {@link #encode} writes (unknown fields are skipped), with the
   * same checks and messages as {@link #decode(String, JsonNode)}.
   */
  static Entry decode(String keyText, byte[] bytes, int offset, int length) {
    ResourceKey key;
    try {
      key = ResourceKey.parse(keyText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("record key: " + e.getMessage(), e);
    }
    try (JsonParser p = StateDocument.MAPPER.getFactory().createParser(bytes, offset, length)) {
      expect(p, JsonToken.START_OBJECT, "the record");
      String lifecycle = null;
      String state = null;
      String reason = null;
      Map<String, String> spec = null;
      Map<String, String> attributes = null;
      Instant created = null;
      Instant updated = null;
      Long version = null;
      Failures failures = null;
      Map<String, Instant> checkpoints = null;
      List<Transition> history = null;
      List<ResourceChange> changes = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "lifecycle" -> lifecycle = Interned.of(text(p, field));
          case "state" -> state = Interned.of(text(p, field));
          case "reason" -> reason = Interned.of(text(p, field));
          case "spec" -> spec = p.currentToken() == JsonToken.VALUE_NULL ? null : strings(p, field);
          case "attributes" -> attributes = strings(p, field);
          case "created_at" -> created = instant(p, field);
          case "updated_at" -> updated = instant(p, field);
          case "version" -> version = longValue(p, field);
          case "failures" -> failures = failures(p);
          case "checkpoints" -> checkpoints = checkpoints(p);
          case "changes" -> changes = changes(key, p);
          case "history" -> {
            // Written last: when the array runs to the record's closing brace it is kept as bytes
            // and decoded only if someone asks (see RawHistory); anything else is decoded now.
            int start = offset + (int) p.getTokenLocation().getByteOffset();
            int close = offset + length - 1;
            RawHistory raw = p.currentToken() == JsonToken.START_ARRAY && bytes[close] == '}'
                ? RawHistory.of(keyText, bytes, start, close) : null;
            history = raw != null ? raw : history(p);
          }
          default -> p.skipChildren();
        }
        if (history instanceof RawHistory) {
          break; // nothing follows it but the closing brace
        }
      }
      ResourceRecord record = new ResourceRecord(key, required(lifecycle, "lifecycle"), required(state, "state"),
          required(reason, "reason"), spec == null ? Optional.empty() : Optional.of(new Spec(key, spec)),
          required(attributes, "attributes"), required(created, "created_at"), required(updated, "updated_at"),
          required(failures, "failures"), required(checkpoints, "checkpoints"), required(version, "version"));
      return new Entry(record, required(history, "history"), changes);
    } catch (IOException e) {
      throw new IllegalArgumentException("record " + keyText + ": not valid JSON (" + e.getMessage() + ")", e);
    } catch (IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("record " + keyText + ": " + e.getMessage(), e);
    }
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return value;
  }

  private static void expect(JsonParser p, JsonToken token, String what) throws IOException {
    if (p.nextToken() != token) {
      throw new IllegalArgumentException(what + " is not a JSON object");
    }
  }

  private static String text(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
    }
    return p.getText();
  }

  private static long longValue(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a whole number");
    }
    return p.getLongValue();
  }

  private static Instant instant(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a timestamp");
    }
    String text = p.getText();
    try {
      return FastInstant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 timestamp: " + text);
    }
  }

  private static Map<String, String> strings(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("field '" + field + "' is not an object");
    }
    Map<String, String> map = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = Interned.of(p.currentName());
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw new IllegalArgumentException("field '" + field + "." + name + "' is not a string");
      }
      map.put(name, p.getText());
    }
    return map;
  }

  private static Failures failures(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("field 'failures' is missing or not an object");
    }
    Integer attempts = null;
    Instant first = null;
    Instant last = null;
    String type = null;
    String message = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "attempts" -> {
          long n = longValue(p, field);
          if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("field 'attempts' is missing or not a whole number");
          }
          attempts = (int) n;
        }
        case "first_failure_at" -> first = instant(p, field);
        case "last_failure_at" -> last = instant(p, field);
        case "last_error_type" -> type = text(p, field);
        case "last_error_message" -> message = text(p, field);
        default -> p.skipChildren();
      }
    }
    int n = required(attempts, "attempts");
    if (n == 0) {
      return Failures.none();
    }
    return new Failures(n, Optional.of(required(first, "first_failure_at")), Optional.of(required(last, "last_failure_at")),
        required(type, "last_error_type"), required(message, "last_error_message"));
  }

  private static Map<String, Instant> checkpoints(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("field 'checkpoints' is missing or not an object");
    }
    Map<String, Instant> map = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String stage = Interned.of(p.currentName());
      p.nextToken();
      map.put(stage, instant(p, "checkpoints." + stage));
    }
    return map;
  }

  static List<Transition> history(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException("field 'history' is missing or not an array");
    }
    List<Transition> history = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String from = null;
      String to = null;
      String reason = null;
      Instant at = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "from" -> from = Interned.of(text(p, field));
          case "to" -> to = Interned.of(text(p, field));
          case "reason" -> reason = Interned.of(text(p, field));
          case "at" -> at = instant(p, field);
          default -> p.skipChildren();
        }
      }
      history.add(new Transition(Optional.ofNullable(from), required(to, "to"), required(reason, "reason"), required(at, "at")));
    }
    if (p.currentToken() != JsonToken.END_ARRAY) {
      throw new IllegalArgumentException("field 'history' holds something other than transitions");
    }
    return history;
  }

  private static ResourceChange change(ResourceKey key, JsonNode c) {
    if (!c.isObject()) {
      throw new IllegalArgumentException("field 'changes' holds something other than changes");
    }
    ResourceChange.Type type = changeType(text(c, "type"));
    Map<String, ResourceChange.FieldChange> fields = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fs = object(c, "fields").fields();
    while (fs.hasNext()) {
      Map.Entry<String, JsonNode> f = fs.next();
      if (!f.getValue().isObject()) {
        throw new IllegalArgumentException("field 'changes' has a field '" + f.getKey() + "' that is not an object");
      }
      fields.put(f.getKey(), new ResourceChange.FieldChange(
          f.getValue().hasNonNull("before") ? Optional.of(text(f.getValue(), "before")) : Optional.empty(),
          f.getValue().hasNonNull("after") ? Optional.of(text(f.getValue(), "after")) : Optional.empty()));
    }
    return new ResourceChange(key, type, fields, instant(c, "at"));
  }

  private static ResourceChange.Type changeType(String text) {
    try {
      return ResourceChange.Type.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a change has the type '" + text + "', expected ADDED, CHANGED or REMOVED");
    }
  }

  private static List<ResourceChange> changes(ResourceKey key, JsonParser p) throws IOException {
    JsonNode node = StateDocument.MAPPER.readTree(p);
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException("field 'changes' is not an array");
    }
    List<ResourceChange> changes = new ArrayList<>(node.size());
    for (JsonNode c : node) {
      changes.add(change(key, c));
    }
    return changes;
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
      return FastInstant.parse(value.asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 timestamp: " + value.asText());
    }
  }
}
