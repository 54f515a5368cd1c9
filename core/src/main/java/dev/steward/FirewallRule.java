package dev.steward;

import java.util.Objects;

/**
 * One "allow" rule: traffic to {@code port}/{@code protocol} is let in.
 *
 * @param port 1 to 65535
 * @param protocol tcp or udp
 * @param comment a label to find the rule again, e.g. the node it belongs to; empty for none
 */
public record FirewallRule(int port, Protocol protocol, String comment) {
  /** Transport-layer protocols a rule can name. */
  public enum Protocol {
    TCP,
    UDP
  }

  public FirewallRule {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("Port must be between 1 and 65535, got " + port);
    }
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(comment, "comment");
    if (!comment.isEmpty() && !Names.NAME.matcher(comment).matches()) {
      throw new IllegalArgumentException("Firewall rule comment '" + Names.printable(comment)
          + "' is not valid: use letters, digits and . _ @ : + -");
    }
  }

  @Override
  public String toString() {
    return port + "/" + protocol.name().toLowerCase(java.util.Locale.ROOT) + (comment.isEmpty() ? "" : " (" + comment + ")");
  }
}
