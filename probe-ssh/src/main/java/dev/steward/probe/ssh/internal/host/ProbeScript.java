package dev.steward.probe.ssh.internal.host;

import dev.steward.observe.OutputParseException;
import dev.steward.spi.support.ShellQuoting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One POSIX shell script that runs every command of an observation in one SSH channel, so a host
 * costs one round trip however many things are looked at. Each command is a {@link Section}; the
 * script writes each section's stdout, its stderr (from a temporary file, capped) and its exit
 * status between marker lines, or a {@code missing} line when the section's tool is not installed.
 * The marker holds a random token, so no command's output can forge a section. Immutable and
 * thread-safe.
 */
final class ProbeScript {
  static final String SOURCE = "the ssh probe's script";
  /** How much of each command's stderr is kept. */
  static final int STDERR_CAP = 2048;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{8,64}");

  private final String marker;
  private final List<Section> sections;

  /**
   * @param token random letters and digits that make the marker lines unique to this run
   * @param sections in the order they run
   */
  ProbeScript(String token, List<Section> sections) {
    if (!TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException("A script token is 8 to 64 letters and digits, got '" + token + "'");
    }
    this.marker = "@@steward-" + token;
    this.sections = List.copyOf(sections);
    List<String> names = new ArrayList<>();
    for (Section section : this.sections) {
      if (names.contains(section.name())) {
        throw new IllegalArgumentException("Two script sections are named " + section.name());
      }
      names.add(section.name());
    }
  }

  /**
   * A command to run when {@code tool} is on the host's PATH (or is that absolute path).
   *
   * @param name how the section is found in the output: lowercase letters, digits and '-'
   * @param tool the program whose absence makes the section {@link Missing}
   * @param argv the command; every word is quoted
   * @param onlyIfMissing when present, the section runs only when that other tool is missing (a fallback)
   */
  record Section(String name, String tool, List<String> argv, Optional<String> onlyIfMissing) {
    Section {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("A section name is lowercase letters, digits and '-', got '" + name + "'");
      }
      Objects.requireNonNull(tool, "tool");
      argv = List.copyOf(argv);
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("Section " + name + " has no command");
      }
      Objects.requireNonNull(onlyIfMissing, "onlyIfMissing");
    }

    static Section of(String name, String tool, String... argv) {
      return new Section(name, tool, List.of(argv), Optional.empty());
    }

    Section fallbackFor(String otherTool) {
      return new Section(name, tool, argv, Optional.of(otherTool));
    }
  }

  /** What the script reported for one section. */
  sealed interface Outcome permits Ran, Missing, Absent {}

  /** The section ran: its outputs and exit status. */
  record Ran(String stdout, String stderr, int exitCode) implements Outcome {
    boolean succeeded() {
      return exitCode == 0;
    }

    /** The first line of stderr, for messages; empty when there was none. */
    String firstErrorLine() {
      for (String line : stderr.split("\n")) {
        if (!line.isBlank()) {
          return line.strip();
        }
      }
      return "";
    }
  }

  /** The section's tool is not installed on the host. */
  record Missing(String tool) implements Outcome {}

  /** The output holds nothing for the section: it did not run (a fallback not needed, or output cut short). */
  record Absent() implements Outcome {}

  /** The script, for {@code sh -c}. */
  String text() {
    StringBuilder s = new StringBuilder();
    s.append("M=").append(ShellQuoting.quote(marker)).append('\n');
    s.append("t=$(mktemp 2>/dev/null || echo /tmp/steward-probe.$$)\n");
    s.append("trap 'rm -f \"$t\"' EXIT\n");
    s.append("has() { command -v \"$1\" >/dev/null 2>&1; }\n");
    s.append("run() {\n");
    s.append("  n=$1; tool=$2; shift 2\n");
    s.append("  if ! has \"$tool\"; then printf '%s missing %s %s\\n' \"$M\" \"$n\" \"$tool\"; return 0; fi\n");
    s.append("  printf '%s begin %s\\n' \"$M\" \"$n\"\n");
    s.append("  \"$@\" </dev/null 2>\"$t\"; rc=$?\n");
    s.append("  printf '\\n%s stderr %s\\n' \"$M\" \"$n\"\n");
    s.append("  head -c ").append(STDERR_CAP).append(" \"$t\"\n");
    s.append("  printf '\\n%s end %s %s\\n' \"$M\" \"$n\" \"$rc\"\n");
    s.append("}\n");
    for (Section section : sections) {
      List<String> words = new ArrayList<>();
      words.add("run");
      words.add(section.name());
      words.add(section.tool());
      words.addAll(section.argv());
      String line = ShellQuoting.join(words);
      if (section.onlyIfMissing().isPresent()) {
        line = "has " + ShellQuoting.quote(section.onlyIfMissing().get()) + " || " + line;
      }
      s.append(line).append('\n');
    }
    s.append("exit 0\n");
    return s.toString();
  }

  /**
   * Reads each section from the script's stdout.
   *
   * @throws OutputParseException when a section is cut off, or its end line is not what the script writes
   */
  Map<String, Outcome> parse(String stdout) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (Section section : sections) {
      outcomes.put(section.name(), read(stdout, section));
    }
    return outcomes;
  }

  private Outcome read(String stdout, Section section) {
    String name = section.name();
    String missing = marker + " missing " + name + " ";
    int at = lineStart(stdout, missing);
    if (at >= 0) {
      int end = stdout.indexOf('\n', at);
      return new Missing(stdout.substring(at + missing.length(), end < 0 ? stdout.length() : end));
    }
    String begin = marker + " begin " + name + "\n";
    int start = lineStart(stdout, begin);
    if (start < 0) {
      return new Absent();
    }
    int contentStart = start + begin.length();
    String stderrLine = "\n" + marker + " stderr " + name + "\n";
    int stderrAt = stdout.indexOf(stderrLine, contentStart);
    if (stderrAt < 0) {
      throw new OutputParseException(SOURCE, 0, "the output of section " + name + " is cut short (no stderr marker);"
          + " the host printed more than the output limit (steward.command.output-limit) allows");
    }
    String endPrefix = "\n" + marker + " end " + name + " ";
    int errStart = stderrAt + stderrLine.length();
    int endAt = stdout.indexOf(endPrefix, errStart);
    if (endAt < 0) {
      throw new OutputParseException(SOURCE, 0, "the output of section " + name + " is cut short (no end marker);"
          + " the host printed more than the output limit (steward.command.output-limit) allows");
    }
    int statusStart = endAt + endPrefix.length();
    int statusEnd = stdout.indexOf('\n', statusStart);
    String status = stdout.substring(statusStart, statusEnd < 0 ? stdout.length() : statusEnd);
    int exit;
    try {
      exit = Integer.parseInt(status);
    } catch (NumberFormatException e) {
      throw new OutputParseException(SOURCE, 0, "section " + name + " ends with status '"
          + OutputParseException.excerpt(status, 0) + "', not a number", e);
    }
    if (exit < 0 || exit > 255) {
      throw new OutputParseException(SOURCE, 0, "section " + name + " ends with status " + exit + ", not 0 to 255");
    }
    return new Ran(stdout.substring(contentStart, stderrAt), stdout.substring(errStart, endAt), exit);
  }

  /** Where {@code line} starts at the beginning of a line of {@code text}, or -1. */
  private static int lineStart(String text, String line) {
    int from = 0;
    while (true) {
      int at = text.indexOf(line, from);
      if (at <= 0) {
        return at;
      }
      if (text.charAt(at - 1) == '\n') {
        return at;
      }
      from = at + 1;
    }
  }
}
