package dev.steward.docker.internal;

import dev.steward.observe.OutputParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the listing the scripts of a pack container print ({@link PackScripts}): the line {@value
 * PackScripts#FORMAT}, then per node
 *
 * <pre>
 * node DIR
 * resource KIND/NAME
 * version VERSION          (empty when the spec named none)
 * hash HASH
 * launch TOKEN             (only when asked for)
 * pid PID TICKS EPOCH      (once the supervisor recorded it)
 * alive                    (while it runs)
 * exit STATUS              (once it ended)
 * stopped                  (when Steward stopped it)
 * log LINE                 (its last lines, when it does not run)
 * end
 * </pre>
 *
 * then {@code nodes N}, the number of blocks. Lines end with {@code \n} only (a log line may hold
 * a carriage return). Strict: an unknown or repeated field, a missing one, a malformed number, a
 * count that does not match or anything after it is an {@link OutputParseException} naming the
 * line. Thread-safe: no state.
 */
final class PackListing {
  static final String SOURCE = "the node listing of a pack container";
  private static final Pattern DIRECTORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:+-]{0,254}");
  private static final Pattern PID = Pattern.compile("([1-9][0-9]{0,9}) ([0-9]{1,19}) ([0-9]{1,12})");
  private static final Pattern EXIT = Pattern.compile("[0-9]{1,3}");
  private static final Pattern COUNT = Pattern.compile("nodes (0|[1-9][0-9]{0,6})");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{12}");

  private PackListing() {}

  /**
   * The nodes in {@code stdout}, in the order printed.
   *
   * @throws OutputParseException when it is not such a listing
   */
  static List<PackedNode> parse(String stdout) {
    String[] lines = stdout.split("\n", -1);
    int last = lines.length - 1;
    if (!lines[last].isEmpty()) {
      throw new OutputParseException(SOURCE, lines.length, "expected the listing to end with a newline");
    }
    if (last == 0 || !lines[0].equals(PackScripts.FORMAT)) {
      throw new OutputParseException(SOURCE, 1, "expected the line '" + PackScripts.FORMAT + "' first, found '"
          + OutputParseException.excerpt(lines[0], 0) + "'");
    }
    List<PackedNode> nodes = new ArrayList<>();
    int at = 1;
    while (at < last && lines[at].startsWith("node ")) {
      Block block = new Block(lines[at].substring("node ".length()), at + 1);
      at++;
      while (at < last && !lines[at].equals("end")) {
        block.field(lines[at], at + 1);
        at++;
      }
      if (at == last) {
        throw new OutputParseException(SOURCE, at, "expected the line 'end' after node " + block.directory);
      }
      nodes.add(block.node());
      at++;
    }
    if (at != last - 1) {
      throw new OutputParseException(SOURCE, at + 1, at >= last ? "expected the line 'nodes N' last"
          : "expected 'node DIR' or 'nodes N', found '" + OutputParseException.excerpt(lines[at], 0) + "'");
    }
    Matcher count = COUNT.matcher(lines[at]);
    if (!count.matches()) {
      throw new OutputParseException(SOURCE, at + 1, "expected 'nodes N' last, found '" + OutputParseException.excerpt(lines[at], 0) + "'");
    }
    if (Integer.parseInt(count.group(1)) != nodes.size()) {
      throw new OutputParseException(SOURCE, at + 1, "the listing counts " + count.group(1) + " nodes but describes " + nodes.size());
    }
    return List.copyOf(nodes);
  }

  /** One node's lines, checked as they come. */
  private static final class Block {
    final String directory;
    final Set<String> seen = new HashSet<>();
    String resource;
    String version;
    String hash;
    Optional<String> launch = Optional.empty();
    OptionalLong pid = OptionalLong.empty();
    Optional<Instant> startedAt = Optional.empty();
    boolean alive;
    OptionalInt exit = OptionalInt.empty();
    boolean stopped;
    final List<String> log = new ArrayList<>();
    final int line;

    Block(String directory, int line) {
      if (!DIRECTORY.matcher(directory).matches()) {
        throw new OutputParseException(SOURCE, line, "expected a node directory after 'node ', found '"
            + OutputParseException.excerpt(directory, 0) + "'");
      }
      this.directory = directory;
      this.line = line;
    }

    void field(String text, int at) {
      int space = text.indexOf(' ');
      String name = space < 0 ? text : text.substring(0, space);
      String value = space < 0 ? "" : text.substring(space + 1);
      if (!name.equals("log") && !seen.add(name)) {
        throw new OutputParseException(SOURCE, at, "node " + directory + " has a second '" + name + "' line");
      }
      switch (name) {
        case "resource" -> resource = required(value, name, at);
        case "version" -> version = value;
        case "hash" -> hash = matching(value, HASH, name, at);
        case "launch" -> launch = Optional.of(required(value, name, at));
        case "pid" -> {
          Matcher m = PID.matcher(value);
          if (!m.matches()) {
            throw problem(at, "expected 'pid PID TICKS EPOCH'", text);
          }
          pid = OptionalLong.of(Long.parseLong(m.group(1)));
          startedAt = Optional.of(Instant.ofEpochSecond(Long.parseLong(m.group(3))));
        }
        case "alive" -> alive = flag(space, name, text, at);
        case "exit" -> exit = OptionalInt.of(Integer.parseInt(matching(value, EXIT, name, at)));
        case "stopped" -> stopped = flag(space, name, text, at);
        case "log" -> log.add(value);
        default -> throw problem(at, "unknown line in node " + directory, text);
      }
    }

    PackedNode node() {
      if (resource == null || hash == null || version == null) {
        throw new OutputParseException(SOURCE, line, "node " + directory + " lacks its " + (resource == null ? "resource"
            : hash == null ? "hash" : "version") + " line");
      }
      if (alive && pid.isEmpty()) {
        throw new OutputParseException(SOURCE, line, "node " + directory + " is alive but has no pid line");
      }
      return new PackedNode(directory, resource, version, hash, launch, pid, startedAt, alive, exit, stopped, log);
    }

    private String required(String value, String name, int at) {
      if (value.isEmpty()) {
        throw new OutputParseException(SOURCE, at, "node " + directory + " has an empty '" + name + "' line");
      }
      return value;
    }

    private String matching(String value, Pattern pattern, String name, int at) {
      if (!pattern.matcher(value).matches()) {
        throw problem(at, "node " + directory + " has a malformed '" + name + "' line", name + " " + value);
      }
      return value;
    }

    private boolean flag(int space, String name, String text, int at) {
      if (space >= 0) {
        throw problem(at, "expected '" + name + "' alone", text);
      }
      return true;
    }
  }

  private static OutputParseException problem(int line, String what, String text) {
    return new OutputParseException(SOURCE, line, what + ": '" + OutputParseException.excerpt(text, 0) + "'");
  }
}
