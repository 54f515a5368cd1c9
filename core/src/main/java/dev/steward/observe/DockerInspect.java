package dev.steward.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads containers from {@code docker inspect CONTAINER...} (a JSON array, one object per
 * container; {@code docker inspect} of a missing container prints {@code []} and exits 1, so check
 * the exit code too). Times are RFC 3339 with nanoseconds; Docker's zero time
 * {@code 0001-01-01T00:00:00Z} means never. The JSON is read strictly: one document, no key twice.
 *
 * <p>Thread-safe: no state.
 */
public final class DockerInspect {
  /** How messages name the command. */
  public static final String SOURCE = "docker inspect";

  private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private DockerInspect() {}

  /**
   * The containers in {@code stdout}, in the order they were named.
   *
   * @throws OutputParseException when the text is not an array of container objects with the fields listed in {@link ContainerDetails}
   */
  public static List<ContainerDetails> parse(String stdout) {
    JsonInput json = new JsonInput(SOURCE);
    JsonNode array = json.array(json.read(stdout, "a JSON array of containers"), "the document");
    List<ContainerDetails> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String where = "container " + (i + 1);
      out.add(container(json, json.object(array.get(i), where), where));
    }
    return List.copyOf(out);
  }

  private static ContainerDetails container(JsonInput json, JsonNode c, String where) {
    String id = DockerPs.id(json, json.text(c, "Id", where), where);
    String name = json.text(c, "Name", where);
    JsonNode state = json.object(c.path("State"), where + ".State");
    JsonNode config = json.object(c.path("Config"), where + ".Config");
    long pid = json.integer(state, "Pid", where + ".State");
    long exitCode = json.integer(state, "ExitCode", where + ".State");
    long restarts = json.integer(c, "RestartCount", where);
    if (pid < 0 || exitCode < Integer.MIN_VALUE || exitCode > Integer.MAX_VALUE || restarts < 0 || restarts > Integer.MAX_VALUE) {
      throw json.problem(where, "expected State.Pid, State.ExitCode and RestartCount in range, found "
          + pid + ", " + exitCode + " and " + restarts);
    }
    return new ContainerDetails(
        id,
        name.startsWith("/") ? name.substring(1) : name,
        json.text(config, "Image", where + ".Config"),
        json.text(c, "Image", where),
        instant(json, json.text(c, "Created", where), where + ".Created"),
        json.text(state, "Status", where + ".State"),
        json.bool(state, "Running", where + ".State"),
        pid == 0 ? OptionalLong.empty() : OptionalLong.of(pid),
        (int) exitCode,
        time(json, json.text(state, "StartedAt", where + ".State"), where + ".State.StartedAt"),
        time(json, json.text(state, "FinishedAt", where + ".State"), where + ".State.FinishedAt"),
        (int) restarts,
        json.stringMap(config, "Labels", where + ".Config"),
        mounts(json, c.get("Mounts"), where + ".Mounts"));
  }

  private static List<ContainerDetails.MountPoint> mounts(JsonInput json, JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    json.array(node, where);
    List<ContainerDetails.MountPoint> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String here = where + "[" + i + "]";
      JsonNode m = json.object(node.get(i), here);
      out.add(new ContainerDetails.MountPoint(
          json.text(m, "Type", here),
          json.optionalText(m, "Source", here).orElse(""),
          json.text(m, "Destination", here),
          json.bool(m, "RW", here),
          json.optionalText(m, "Name", here)));
    }
    return out;
  }

  /** A time that may be Docker's zero time, which means never. */
  private static Optional<Instant> time(JsonInput json, String text, String where) {
    Instant at = instant(json, text, where);
    return at.equals(ZERO_TIME) ? Optional.empty() : Optional.of(at);
  }

  private static Instant instant(JsonInput json, String text, String where) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      throw json.problem(where, "expected an RFC 3339 time such as 2026-11-22T03:24:25.810351355Z, found '"
          + OutputParseException.excerpt(text, 0) + "'");
    }
  }
}
