package dev.steward.internal.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.steward.status.StatusFormatException;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status JSON, the same in the file and in the socket's {@code status} answer. Written with
 * the streaming generator (a status of 1,000 items is rebuilt often); read from a tree, checking
 * the format name and version before anything else. Thread-safe.
 */
public final class StatusCodec {
  /** Names the document, so a random JSON file is never taken for a status. */
  public static final String FORMAT = "steward-status";
  public static final ObjectMapper JSON = new ObjectMapper();
  /** Reads exactly one JSON value: {@code {"a":1}}}} is an error, not {@code {"a":1}}. */
  public static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonFactory FACTORY = JSON.getFactory();

  private StatusCodec() {}

  public static byte[] toBytes(StatusSnapshot snapshot) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + snapshot.items().size() * 200);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      write(json, snapshot);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write a status as JSON", e);
    }
    return out.toByteArray();
  }

  public static void write(JsonGenerator json, StatusSnapshot s) throws IOException {
    json.writeStartObject();
    json.writeStringField("format", FORMAT);
    json.writeNumberField("format_version", s.formatVersion());
    json.writeStringField("instance", s.instance());
    json.writeStringField("host", s.host());
    json.writeNumberField("pid", s.pid());
    json.writeStringField("process_started_at", s.processStartedAt().map(Instant::toString).orElse(null));
    json.writeStringField("started_at", s.startedAt().toString());
    json.writeStringField("updated_at", s.updatedAt().toString());
    json.writeStringField("heartbeat_at", s.heartbeatAt().toString());
    json.writeBooleanField("paused", s.paused());
    json.writeArrayFieldStart("items");
    for (StatusItem item : s.items()) {
      json.writeStartObject();
      json.writeStringField("id", item.id());
      json.writeStringField("kind", item.kind());
      json.writeStringField("state", item.state());
      json.writeStringField("reason", item.reason());
      json.writeStringField("created_at", item.createdAt().toString());
      json.writeStringField("updated_at", item.updatedAt().toString());
      json.writeObjectFieldStart("attributes");
      for (Map.Entry<String, String> a : item.attributes().entrySet()) {
        json.writeStringField(a.getKey(), a.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** @param source what the bytes are, for messages: a file path or "the status socket" */
  public static StatusSnapshot fromBytes(byte[] bytes, String source) {
    JsonNode tree;
    try {
      tree = STRICT.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new StatusFormatException(source + " is not valid JSON (" + e.getOriginalMessage() + ")", -1, e);
    } catch (IOException e) {
      throw new StatusFormatException(source + " could not be read: " + e.getMessage(), -1, e);
    }
    return fromTree(tree, source);
  }

  public static StatusSnapshot fromTree(JsonNode tree, String source) {
    if (tree == null || !tree.isObject() || !FORMAT.equals(tree.path("format").asText(null))) {
      throw new StatusFormatException(source + " is not a Steward status: it has no \"format\": \"" + FORMAT + "\"");
    }
    JsonNode versionNode = tree.path("format_version");
    if (!versionNode.canConvertToInt() || !versionNode.isIntegralNumber() || versionNode.intValue() < 1) {
      throw new StatusFormatException(source + " has no valid format_version");
    }
    int version = versionNode.intValue();
    if (version > StatusSnapshot.FORMAT_VERSION) {
      throw new StatusFormatException(source + " is in status format version " + version + ", newer than the version "
          + StatusSnapshot.FORMAT_VERSION + " this Steward reads; use the Steward version of the instance that wrote it",
          version, null);
    }
    try {
      List<StatusItem> items = new ArrayList<>();
      JsonNode itemsNode = tree.path("items");
      if (!itemsNode.isArray()) {
        throw new IllegalArgumentException("\"items\" is not a list");
      }
      for (JsonNode i : itemsNode) {
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode a = i.path("attributes");
        if (a.isObject()) {
          for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            attributes.put(e.getKey(), e.getValue().asText());
          }
        }
        items.add(new StatusItem(text(i, "id"), text(i, "kind"), text(i, "state"), i.path("reason").asText(""),
            attributes, instant(i, "created_at"), instant(i, "updated_at")));
      }
      JsonNode pid = tree.path("pid");
      if (!pid.isIntegralNumber()) {
        throw new IllegalArgumentException("\"pid\" is not a number");
      }
      JsonNode processStarted = tree.path("process_started_at");
      return new StatusSnapshot(version, text(tree, "instance"), text(tree, "host"), pid.longValue(),
          processStarted.isTextual() ? Optional.of(instant(tree, "process_started_at")) : Optional.empty(),
          instant(tree, "started_at"), instant(tree, "updated_at"), instant(tree, "heartbeat_at"),
          tree.path("paused").asBoolean(false), items);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new StatusFormatException(source + " is a damaged status: " + e.getMessage(), -1, e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is missing or not text");
    }
    return value.textValue();
  }

  private static Instant instant(JsonNode node, String field) {
    try {
      return Instant.parse(text(node, field));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"" + field + "\" is not a time such as 2026-01-01T00:00:00Z");
    }
  }
}
