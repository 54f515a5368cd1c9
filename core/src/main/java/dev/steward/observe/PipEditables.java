package dev.steward.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the editable installs from the output of
 * {@code python -m pip list -v -e --format=json --disable-pip-version-check --no-color --no-input}.
 *
 * <p>pip writes one JSON array on one line to stdout and its warnings to stderr, but callers do
 * merge the streams (and wrappers print notices), so the array is looked for line by line: the
 * first line that is, as a whole, a JSON array is the list; lines before and after it are ignored
 * ({@code [notice] ...} lines start with a bracket but are not JSON). Each entry needs {@code name}
 * and {@code version}, and {@code editable_project_location} (pip 21.3 and later) or {@code location}
 * (pip 10 to 21.2, where {@code -e} lists only editables and {@code location} is the project); run
 * pip with {@code -v} so older pip prints {@code location}. Keys are strict: a key twice in one
 * entry is an error.
 *
 * <p>Thread-safe: no state.
 */
public final class PipEditables {
  /** How messages name the command. */
  public static final String SOURCE = "pip list -v -e --format=json";

  private PipEditables() {}

  /**
   * The editable installs in {@code stdout}, in pip's order; empty for {@code []}.
   *
   * @throws OutputParseException when no line holds a JSON array, or an entry lacks a field
   */
  public static List<EditableInstall> parse(String stdout) {
    JsonInput json = new JsonInput(SOURCE);
    String[] lines = stdout.split("\n", -1);
    OutputParseException firstFailure = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.startsWith("[")) {
        continue;
      }
      JsonNode array;
      try {
        array = json.readLine(line, i + 1, "a JSON array of installed packages");
      } catch (OutputParseException e) {
        if (firstFailure == null) {
          firstFailure = e;
        }
        continue;
      }
      return entries(json, array, i + 1);
    }
    if (firstFailure != null) {
      throw new OutputParseException(SOURCE, firstFailure.line(),
          "expected a line holding one JSON array such as [{\"name\": ...}], and no line is one; "
              + "the first line that starts with '[' fails: " + reasonOf(firstFailure), firstFailure);
    }
    throw new OutputParseException(SOURCE, 0,
        "expected a line holding one JSON array such as [{\"name\": ...}] or [], found none in "
            + lines.length + " line(s) starting '" + OutputParseException.excerpt(stdout, 0)
            + "'; is this pip's stdout with --format=json?");
  }

  /**
   * The installs whose project lies in {@code root} or below, on whole path segments.
   *
   * @throws IllegalArgumentException when {@code root} is not an absolute path
   */
  public static List<EditableInstall> under(String root, List<EditableInstall> installs) {
    HostPaths.requireRoot(root);
    return installs.stream().filter(install -> install.isUnder(root)).toList();
  }

  private static List<EditableInstall> entries(JsonInput json, JsonNode array, int line) {
    List<EditableInstall> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String where = "line " + line + ", entry " + (i + 1);
      JsonNode entry = json.object(array.get(i), where);
      String name = json.text(entry, "name", where);
      String version = json.text(entry, "version", where);
      Optional<String> location = json.optionalText(entry, "location", where);
      Optional<String> project = json.optionalText(entry, "editable_project_location", where).or(() -> location);
      if (project.isEmpty() || project.get().isEmpty()) {
        throw json.problem(where, "package '" + OutputParseException.excerpt(name, 0)
            + "' has neither \"editable_project_location\" nor \"location\"; run pip list with -v");
      }
      Optional<String> installer = json.optionalText(entry, "installer", where).filter(s -> !s.isEmpty());
      out.add(new EditableInstall(name, version, project.get(), location, installer));
    }
    return List.copyOf(out);
  }

  private static String reasonOf(OutputParseException e) {
    String message = e.getMessage();
    int colon = message.indexOf(": ");
    return colon >= 0 ? message.substring(colon + 2) : message;
  }
}
