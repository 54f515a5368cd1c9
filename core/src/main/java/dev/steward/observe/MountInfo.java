package dev.steward.observe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the mount table from {@code /proc/self/mountinfo} (proc(5)), the fallback when findmnt is
 * missing; findmnt reads the same file.
 *
 * <p>Each line is {@code id parent major:minor root mount-point mount-options [optional fields...] -
 * fstype source super-options}. The optional fields ({@code shared:1}, {@code master:2}, ...) vary
 * in number, so the {@code -} separator is found by scanning. The root field is the bind source
 * path ({@link Mount#sourcePath()}). Space, tab, newline and backslash in paths are written as
 * {@code \040}, {@code \011}, {@code \012} and {@code \134} and are decoded. The options are the
 * mount's options followed by the super options except {@code rw}/{@code ro}, which is what findmnt
 * shows, so both readers give equal records for one table.
 *
 * <p>Thread-safe: no state.
 */
public final class MountInfo {
  /** How messages name the file. */
  public static final String SOURCE = "/proc/self/mountinfo";

  private MountInfo() {}

  /**
   * The mounts in {@code text}, in the file's order.
   *
   * @throws OutputParseException for a line that is not a mountinfo line, or for no lines at all
   *     (every process sees at least its root mount)
   */
  public static List<Mount> parse(String text) {
    List<Mount> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isEmpty() && i == lines.length - 1) {
        break;
      }
      out.add(line(lines[i], i + 1));
    }
    if (out.isEmpty()) {
      throw new OutputParseException(SOURCE, 0,
          "expected at least one mount (the root), found no lines; did reading the file fail?");
    }
    return List.copyOf(out);
  }

  private static Mount line(String line, int number) {
    String[] fields = line.split(" ", -1);
    int separator = -1;
    for (int i = 6; i < fields.length; i++) {
      if (fields[i].equals("-")) {
        separator = i;
        break;
      }
    }
    if (fields.length < 10 || separator < 0 || fields.length != separator + 4) {
      throw problem(number, line, "expected 'id parent major:minor root mount-point options [optional...] - fstype source super-options'");
    }
    if (!fields[0].matches("[0-9]{1,10}") || !fields[1].matches("[0-9]{1,10}")) {
      throw problem(number, line, "expected the mount id and parent id to be numbers");
    }
    if (!fields[2].matches("[0-9]{1,10}:[0-9]{1,10}")) {
      throw problem(number, line, "expected major:minor as the third field");
    }
    for (int i = 3; i < fields.length; i++) {
      if (fields[i].isEmpty()) {
        throw problem(number, line, "expected fields separated by single spaces, found an empty field " + (i + 1));
      }
    }
    String root = unescape(fields[3], number, line);
    String target = unescape(fields[4], number, line);
    String fstype = unescape(fields[separator + 1], number, line);
    String source = unescape(fields[separator + 2], number, line);
    Set<String> options = new LinkedHashSet<>(Findmnt.splitOptions(fields[5]));
    for (String option : Findmnt.splitOptions(fields[separator + 3])) {
      if (!option.equals("rw") && !option.equals("ro")) {
        options.add(option);
      }
    }
    return new Mount(target, source, root, fstype, List.copyOf(options));
  }

  /** Decodes the kernel's {@code \ooo} escapes; a backslash not followed by three octal digits is not mountinfo. */
  private static String unescape(String field, int number, String line) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (!isOctal(field, i + 1) || !isOctal(field, i + 2) || !isOctal(field, i + 3)) {
        throw problem(number, line, "expected a backslash to start an octal escape such as \\040, found '"
            + OutputParseException.excerpt(field, i) + "'");
      }
      int value = Integer.parseInt(field.substring(i + 1, i + 4), 8);
      if (value > 0xff) {
        throw problem(number, line, "expected an octal escape of one byte (\\000 to \\377), found '\\" + field.substring(i + 1, i + 4) + "'");
      }
      out.append((char) value);
      i += 3;
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int at) {
    return at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '7';
  }

  private static OutputParseException problem(int number, String line, String expected) {
    return new OutputParseException(SOURCE, number, expected + "; the line starts '" + OutputParseException.excerpt(line, 0) + "'");
  }
}
