package dev.steward.proxmox;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task's id, pve-common's {@code UPID:node:pid:pstart:starttime:type:id:user:} (hex pid, pstart
 * and start time; a trailing colon). The node is where the task runs and where its status and log
 * are read. Immutable.
 *
 * @param text the UPID as the API writes it
 * @param node the node the task runs on
 * @param pid the worker's process id
 * @param pstart the worker's start in clock ticks since boot
 * @param startTime when the task started
 * @param type {@code qmstart}, {@code vzdump}, {@code qmigrate}, ...
 * @param id what it works on, often a vmid; may be empty
 * @param user who started it, {@code user@realm}
 * @param token the API token's name, when a token started it
 */
public record Upid(String text, String node, long pid, long pstart, Instant startTime, String type, String id, String user,
    Optional<String> token) {
  /** pve-common {@code UPID.pm}'s decode regex. */
  private static final Pattern FORMAT = Pattern.compile("UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):"
      + "([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):");

  public Upid {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(token, "token");
  }

  /**
   * Reads a UPID.
   *
   * @throws IllegalArgumentException when {@code text} is not one
   */
  public static Upid parse(String text) {
    return tryParse(text).orElseThrow(() -> new IllegalArgumentException("'" + String.valueOf(text).replaceAll("\\p{Cntrl}", "?")
        + "' is not a UPID: expected UPID:node:pid:pstart:starttime:type:id:user: with hex pid, pstart and starttime"));
  }

  /** The UPID {@code text} stands for, or empty when it is not one. */
  public static Optional<Upid> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    String userAndToken = m.group(8);
    int bang = userAndToken.indexOf('!');
    String user = bang < 0 ? userAndToken : userAndToken.substring(0, bang);
    Optional<String> token = bang < 0 ? Optional.empty() : Optional.of(userAndToken.substring(bang + 1));
    return Optional.of(new Upid(text, m.group(1), Long.parseLong(m.group(3), 16), Long.parseLong(m.group(4), 16),
        Instant.ofEpochSecond(Long.parseLong(m.group(5), 16)), m.group(6), m.group(7), user, token));
  }

  /**
   * A short name for the task that is safe as a file or resource name:
   * {@code UPID:node:pid:pstart:starttime} (the parts that make it unique on its node).
   */
  public String shortName() {
    int end = 0;
    for (int i = 0; i < 5; i++) {
      end = text.indexOf(':', end) + 1;
    }
    return text.substring(0, end - 1);
  }

  @Override
  public String toString() {
    return text;
  }
}
