package dev.steward.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the mount table from {@code findmnt --json} (util-linux 2.33 and later; {@code --list} and
 * extra columns such as {@code -o TARGET,SOURCE,FSROOT,FSTYPE,OPTIONS} are read too).
 *
 * <p>The tree is flattened depth first, parents before children, so the list is in the order the
 * mounts were stacked. Each entry needs {@code target}, {@code source} and {@code fstype};
 * {@code options} may be left out (empty). findmnt writes a bind mount's source as
 * {@code device[/path]}; the path is split off (brackets inside it, as in {@code nsfs[net:[4026532184]]},
 * are matched), and an {@code fsroot} column, when present, is used instead. The JSON is read strictly:
 * one document, no key twice in an object.
 *
 * <p>Thread-safe: no state.
 */
public final class Findmnt {
  /** How messages name the command. */
  public static final String SOURCE = "findmnt --json";

  private Findmnt() {}

  /**
   * The mounts in {@code stdout}; empty for {@code {"filesystems": []}} (what findmnt prints when a
   * filter matches nothing).
   *
   * @throws OutputParseException when the text is not findmnt's JSON
   */
  public static List<Mount> parseJson(String stdout) {
    JsonInput json = new JsonInput(SOURCE);
    JsonNode root = json.object(json.read(stdout, "a JSON object {\"filesystems\": [...]}"), "the document");
    JsonNode filesystems = root.get("filesystems");
    if (filesystems == null) {
      throw json.problem("the document", "expected the key \"filesystems\", found "
          + (root.size() == 0 ? "an empty object" : "keys such as \"" + OutputParseException.excerpt(root.fieldNames().next(), 0) + "\""));
    }
    List<Mount> out = new ArrayList<>();
    addAll(json, json.array(filesystems, "filesystems"), "filesystems", out);
    return List.copyOf(out);
  }

  private static void addAll(JsonInput json, JsonNode array, String where, List<Mount> out) {
    for (int i = 0; i < array.size(); i++) {
      String here = where + "[" + i + "]";
      JsonNode entry = json.object(array.get(i), here);
      out.add(mount(json, entry, here));
      JsonNode children = entry.get("children");
      if (children != null && !children.isNull()) {
        addAll(json, json.array(children, here + ".children"), here + ".children", out);
      }
    }
  }

  private static Mount mount(JsonInput json, JsonNode entry, String where) {
    String target = json.text(entry, "target", where);
    String source = json.text(entry, "source", where);
    String fstype = json.text(entry, "fstype", where);
    List<String> options = json.optionalText(entry, "options", where).map(Findmnt::splitOptions).orElse(List.of());
    Optional<String> fsroot = json.optionalText(entry, "fsroot", where);
    if (fsroot.isPresent()) {
      String suffix = "[" + fsroot.get() + "]";
      String device = source.endsWith(suffix) ? source.substring(0, source.length() - suffix.length()) : source;
      return new Mount(target, device, fsroot.get(), fstype, options);
    }
    if (!source.endsWith("]")) {
      return new Mount(target, source, "/", fstype, options);
    }
    int open = matchingOpenBracket(source);
    if (open <= 0) {
      throw json.problem(where, "expected \"source\" as device or device[/path], found '"
          + OutputParseException.excerpt(source, 0) + "' with unbalanced brackets");
    }
    return new Mount(target, source.substring(0, open), source.substring(open + 1, source.length() - 1), fstype, options);
  }

  /** The index of the '[' that the final ']' closes, or -1. */
  private static int matchingOpenBracket(String source) {
    int depth = 0;
    for (int i = source.length() - 1; i >= 0; i--) {
      char c = source.charAt(i);
      if (c == ']') {
        depth++;
      } else if (c == '[') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  static List<String> splitOptions(String options) {
    return options.isEmpty() ? List.of() : List.of(options.split(",", -1));
  }
}
