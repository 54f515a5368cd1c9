package dev.steward.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads containers from {@code docker ps -a --no-trunc --format '{{json .}}'}: one JSON object per
 * line, in the CLI's shape ({@code ID}, {@code Names} as {@code a,b}, {@code Labels} as
 * {@code k=v,k2=v2}, {@code CreatedAt} as {@code 2026-11-22 06:13:47 +0000 UTC}, {@code State}).
 * The Engine API's list ({@code GET /containers/json}: one JSON array, {@code Id}, {@code Names} as
 * {@code ["/a"]}, {@code Labels} as an object, {@code Created} in unix seconds) is read too.
 *
 * <p>No output means no containers. CLIs older than 20.10 print no {@code State}; it is then taken
 * from the first word of {@code Status}. Each line is read strictly: one JSON object, no key twice.
 *
 * <p>Thread-safe: no state.
 */
public final class DockerPs {
  /** How messages name the command. */
  public static final String SOURCE = "docker ps --format '{{json .}}'";

  private static final Pattern ID = Pattern.compile("[0-9a-f]{12}|[0-9a-f]{64}");
  private static final Pattern CREATED_AT = Pattern.compile("([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}) ([+-][0-9]{4})(?: \\S+)?");
  private static final DateTimeFormatter CREATED_AT_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xx").withResolverStyle(ResolverStyle.STRICT);

  private DockerPs() {}

  /**
   * The containers in {@code stdout}, in Docker's order; empty for no output.
   *
   * @throws OutputParseException for a line that is not a container object, or a field of the wrong form
   */
  public static List<ContainerSummary> parse(String stdout) {
    JsonInput json = new JsonInput(SOURCE);
    List<ContainerSummary> out = new ArrayList<>();
    if (stdout.strip().startsWith("[")) {
      JsonNode array = json.read(stdout, "a JSON array of containers (the Engine API's list)");
      for (int i = 0; i < array.size(); i++) {
        String where = "container " + (i + 1);
        out.add(fromApi(json, json.object(array.get(i), where), where));
      }
      return List.copyOf(out);
    }
    String[] lines = stdout.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String where = "line " + (i + 1);
      JsonNode object = json.object(json.readLine(lines[i], i + 1, "one JSON object per container"), where);
      out.add(fromCli(json, object, where));
    }
    return List.copyOf(out);
  }

  private static ContainerSummary fromCli(JsonInput json, JsonNode object, String where) {
    String id = id(json, json.text(object, "ID", where), where);
    List<String> names = List.of(json.text(object, "Names", where).split(",", -1));
    String status = json.text(object, "Status", where);
    String state = json.optionalText(object, "State", where).orElseGet(() -> stateOf(status));
    Map<String, String> labels = labelsFromText(json.optionalText(object, "Labels", where).orElse(""));
    Optional<Instant> created = json.optionalText(object, "CreatedAt", where).map(text -> createdAt(json, text, where));
    return new ContainerSummary(id, names, json.text(object, "Image", where), state, status, labels, created);
  }

  private static ContainerSummary fromApi(JsonInput json, JsonNode object, String where) {
    String id = id(json, json.text(object, "Id", where), where);
    JsonNode namesNode = json.array(object.path("Names"), where + ".Names");
    List<String> names = new ArrayList<>();
    for (JsonNode name : namesNode) {
      if (!name.isTextual()) {
        throw json.problem(where, "expected \"Names\" to hold strings, found " + JsonInput.describe(name));
      }
      names.add(name.textValue().startsWith("/") ? name.textValue().substring(1) : name.textValue());
    }
    String status = json.text(object, "Status", where);
    String state = json.optionalText(object, "State", where).orElseGet(() -> stateOf(status));
    OptionalLong created = json.optionalInteger(object, "Created", where);
    return new ContainerSummary(id, names, json.text(object, "Image", where), state, status,
        json.stringMap(object, "Labels", where),
        created.isPresent() ? Optional.of(Instant.ofEpochSecond(created.getAsLong())) : Optional.empty());
  }

  static String id(JsonInput json, String id, String where) {
    if (!ID.matcher(id).matches()) {
      throw json.problem(where, "expected a container id of 12 or 64 hex digits, found '" + OutputParseException.excerpt(id, 0) + "'");
    }
    return id;
  }

  /** The CLI's {@code k=v,k2=v2}; a part without '=' continues the previous value (its comma was inside it). */
  private static Map<String, String> labelsFromText(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return labels;
    }
    String lastKey = null;
    for (String part : text.split(",", -1)) {
      int equals = part.indexOf('=');
      if (equals < 0 && lastKey != null) {
        labels.put(lastKey, labels.get(lastKey) + "," + part);
      } else if (equals < 0) {
        labels.put(part, "");
        lastKey = part;
      } else {
        lastKey = part.substring(0, equals);
        labels.put(lastKey, part.substring(equals + 1));
      }
    }
    return labels;
  }

  private static Instant createdAt(JsonInput json, String text, String where) {
    Matcher m = CREATED_AT.matcher(text);
    if (m.matches()) {
      try {
        return OffsetDateTime.parse(m.group(1) + " " + m.group(2), CREATED_AT_FORMAT).toInstant();
      } catch (DateTimeException e) {
        // falls through to the message below
      }
    }
    throw json.problem(where, "expected \"CreatedAt\" like '2026-11-22 06:13:47 +0000 UTC', found '"
        + OutputParseException.excerpt(text, 0) + "'");
  }

  /** The state word in a status text: "Up 3 seconds" is running, "Up 3 seconds (Paused)" paused, "Exited (3) ..." exited. */
  private static String stateOf(String status) {
    if (status.startsWith("Up ")) {
      return status.endsWith("(Paused)") ? "paused" : "running";
    }
    if (status.startsWith("Removal In Progress")) {
      return "removing";
    }
    int space = status.indexOf(' ');
    return (space < 0 ? status : status.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
  }
}
