package dev.steward.docker.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.steward.observe.OutputParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads {@code docker inspect --type container ID...} (one JSON array) into {@link Container}s, and
 * {@code docker version --format '{{json .}}'} into a {@link DockerVersion}. Core's {@code
 * DockerInspect} has no {@code OOMKilled}, health or {@code State.Error}, which the manager
 * reports. Strict: one document, no key twice; a missing or mistyped field is an {@link
 * OutputParseException}. Thread-safe: no state.
 */
final class Inspect {
  static final String SOURCE = "docker inspect";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private Inspect() {}

  /**
   * The containers in {@code stdout}, in the order printed.
   *
   * @throws OutputParseException when it is not an array of container objects with the fields of {@link Container}
   */
  static List<Container> containers(String stdout) {
    JsonNode array = read(stdout, SOURCE);
    if (!array.isArray()) {
      throw problem(SOURCE, stdout, "expected a JSON array of containers");
    }
    List<Container> out = new ArrayList<>();
    for (JsonNode c : array) {
      if (!c.isObject()) {
        throw problem(SOURCE, stdout, "expected each container to be an object");
      }
      JsonNode state = object(c, "State", stdout);
      JsonNode config = object(c, "Config", stdout);
      String name = text(c, "Name", stdout);
      JsonNode health = state.get("Health");
      out.add(new Container(
          text(c, "Id", stdout),
          name.startsWith("/") ? name.substring(1) : name,
          text(config, "Image", stdout),
          text(state, "Status", stdout),
          bool(state, "Running", stdout),
          bool(state, "Restarting", stdout),
          bool(state, "OOMKilled", stdout),
          number(state, "Pid", stdout) > 0 ? OptionalLong.of(number(state, "Pid", stdout)) : OptionalLong.empty(),
          (int) number(state, "ExitCode", stdout),
          state.path("Error").asText(""),
          time(text(state, "StartedAt", stdout), stdout),
          time(text(state, "FinishedAt", stdout), stdout),
          health != null && health.isObject() ? Optional.of(text(health, "Status", stdout)) : Optional.empty(),
          (int) number(c, "RestartCount", stdout),
          labels(config.get("Labels"), stdout)));
    }
    return List.copyOf(out);
  }

  /**
   * The versions in {@code docker version --format '{{json .}}'}; the server's are empty when the
   * daemon did not answer ({@code "Server":null}).
   *
   * @throws OutputParseException when it is not such an object
   */
  static DockerVersion version(String stdout) {
    String source = "docker version";
    JsonNode root = read(stdout, source);
    JsonNode client = root.get("Client");
    if (!root.isObject() || client == null || !client.isObject()) {
      throw problem(source, stdout, "expected an object with a \"Client\" object");
    }
    JsonNode server = root.get("Server");
    boolean answered = server != null && server.isObject();
    return new DockerVersion(text(client, "Version", stdout), text(client, "ApiVersion", stdout),
        answered ? Optional.of(text(server, "Version", stdout)) : Optional.empty(),
        answered ? Optional.of(text(server, "ApiVersion", stdout)) : Optional.empty());
  }

  private static JsonNode read(String text, String source) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw problem(source, text, "expected JSON, found no output");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw problem(source, text, "expected JSON: " + e.getOriginalMessage());
    }
  }

  private static JsonNode object(JsonNode parent, String field, String text) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw problem(SOURCE, text, "expected \"" + field + "\" to be an object");
    }
    return node;
  }

  private static String text(JsonNode parent, String field, String text) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isTextual()) {
      throw problem(SOURCE, text, "expected \"" + field + "\" to be a string");
    }
    return node.textValue();
  }

  private static boolean bool(JsonNode parent, String field, String text) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isBoolean()) {
      throw problem(SOURCE, text, "expected \"" + field + "\" to be true or false");
    }
    return node.booleanValue();
  }

  private static long number(JsonNode parent, String field, String text) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
      throw problem(SOURCE, text, "expected \"" + field + "\" to be an integer");
    }
    return node.longValue();
  }

  private static Map<String, String> labels(JsonNode node, String text) {
    Map<String, String> labels = new TreeMap<>();
    if (node == null || node.isNull()) {
      return labels;
    }
    if (!node.isObject()) {
      throw problem(SOURCE, text, "expected \"Labels\" to be an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> label = it.next();
      if (!label.getValue().isTextual()) {
        throw problem(SOURCE, text, "expected label " + label.getKey() + " to be a string");
      }
      labels.put(label.getKey(), label.getValue().textValue());
    }
    return labels;
  }

  private static Optional<Instant> time(String value, String text) {
    try {
      Instant at = OffsetDateTime.parse(value).toInstant();
      return at.equals(ZERO_TIME) ? Optional.empty() : Optional.of(at);
    } catch (DateTimeException e) {
      throw problem(SOURCE, text, "expected an RFC 3339 time, found '" + value + "'");
    }
  }

  /** The whole output is never quoted: it may be long, and it is not what went wrong. */
  private static OutputParseException problem(String source, String text, String what) {
    return new OutputParseException(source, 0, what);
  }
}
