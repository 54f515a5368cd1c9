package dev.steward.proxmox.simulator.internal.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task id as pve-common's {@code PVE::Tools::upid_encode} writes it:
 * {@code UPID:node:PID:PSTART:STARTTIME:type:id:user:} with pid, pstart and starttime in upper-case
 * hex ({@code %08X}, so pstart takes a ninth digit after 497 days of uptime) and a trailing colon,
 * nine parts when split on {@code :}. Immutable.
 */
public record Upid(String node, long pid, long pstart, long starttime, String type, String id, String user) {
  /** pve-common's {@code upid_decode} pattern: the only form real servers write and clients must accept. */
  public static final Pattern PATTERN = Pattern.compile(
      "^UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):"
          + "([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):$");
  private static final Pattern NODE = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?");

  public Upid {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(user, "user");
    if (!NODE.matcher(node).matches()) {
      throw new IllegalArgumentException("A node name in a UPID is letters, digits and inner dashes, not '" + node + "'");
    }
    if (pid < 0 || pid > 0xFFFFFFFFL || starttime < 0 || starttime > 0xFFFFFFFFL || pstart < 0 || pstart > 0xFFFFFFFFFL) {
      throw new IllegalArgumentException("pid and starttime fit 8 hex digits and pstart 9: " + pid + ", " + pstart + ", " + starttime);
    }
    if (type.isEmpty() || (type + id + user).matches(".*[:\\s/].*") || user.isEmpty()) {
      throw new IllegalArgumentException("type and user are not empty, and no part has ':', '/' or spaces: "
          + type + ", " + id + ", " + user);
    }
  }

  /** The UPID text, {@code UPID:pve1:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:}. */
  public String text() {
    // What String.format("UPID:%s:%08X:%08X:%08X:%s:%s:%s:", ...) writes, without parsing a format
    // each time: a listing makes thousands of these.
    StringBuilder text = new StringBuilder(64).append("UPID:").append(node).append(':');
    hex8(text, pid).append(':');
    hex8(text, pstart).append(':');
    hex8(text, starttime).append(':');
    return text.append(type).append(':').append(id).append(':').append(user).append(':').toString();
  }

  private static StringBuilder hex8(StringBuilder text, long value) {
    String hex = Long.toHexString(value).toUpperCase(Locale.ROOT);
    for (int i = hex.length(); i < 8; i++) {
      text.append('0');
    }
    return text.append(hex);
  }

  /** The UPID in {@code text}, or empty when it is not one a real server would write. */
  public static Optional<Upid> parse(String text) {
    Matcher m = PATTERN.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Upid(m.group(1), Long.parseLong(m.group(3), 16), Long.parseLong(m.group(4), 16),
        Long.parseLong(m.group(5), 16), m.group(6), m.group(7), m.group(8)));
  }

  /** The user part, {@code user@realm}, without a token name. */
  public String userid() {
    int bang = user.indexOf('!');
    return bang < 0 ? user : user.substring(0, bang);
  }

  /** The API token's name when a token started the task. */
  public Optional<String> tokenName() {
    int bang = user.indexOf('!');
    return bang < 0 ? Optional.empty() : Optional.of(user.substring(bang + 1));
  }

  @Override
  public String toString() {
    return text();
  }
}
