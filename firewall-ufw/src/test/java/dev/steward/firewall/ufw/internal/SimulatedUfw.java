package dev.steward.firewall.ufw.internal;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An active ufw in memory, for the commands the manager runs: {@code status verbose}, and
 * {@code allow P/PROTO comment C} and {@code delete allow P/PROTO comment C} with ufw's rules (one
 * rule per port and protocol, an allow replaces its comment, a delete needs the very comment).
 * Each command is atomic, as ufw's own lock makes it; a read and a later change are not.
 * Thread-safe.
 */
final class SimulatedUfw implements Transport {
  private static final String HEADER = """
      Status: active
      Logging: on (low)
      Default: deny (incoming), allow (outgoing), deny (routed)
      New profiles: skip

      To                         Action      From
      --                         ------      ----
      """;

  private final Map<String, String> comments = new TreeMap<>();

  @Override
  public CommandResult run(String host, Command command) {
    List<String> words = command.argv().subList(3, command.argv().size());
    String stdout;
    synchronized (this) {
      if (words.equals(List.of("status", "verbose"))) {
        StringBuilder out = new StringBuilder(HEADER);
        comments.forEach((port, comment) -> out.append(String.format("%-27sALLOW IN    Anywhere                   # %s%n", port, comment)));
        stdout = out.toString();
      } else if (words.size() == 4 && words.get(0).equals("allow")) {
        stdout = comments.put(words.get(1), words.get(3)) == null ? "Rule added\n" : "Rule updated\n";
      } else if (words.size() == 5 && words.get(0).equals("delete")) {
        stdout = comments.remove(words.get(2), words.get(4)) ? "Rule deleted\n" : "Could not delete non-existent rule\n";
      } else {
        throw new AssertionError("not simulated: " + words);
      }
    }
    // Lets other threads in between a read and the change that follows it.
    Thread.yield();
    return new CommandResult(host, command, 0, stdout, "", false, false, Duration.ZERO);
  }

  /** The comment of each open port, e.g. {@code 43000/udp -> steward:a,b}. */
  synchronized Map<String, String> comments() {
    return Map.copyOf(comments);
  }
}
