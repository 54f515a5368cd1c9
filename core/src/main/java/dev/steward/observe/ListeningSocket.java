package dev.steward.observe;

import java.util.Locale;
import java.util.Objects;

/**
 * A socket that waits for peers: a TCP socket in the LISTEN state, or an unconnected UDP socket,
 * as {@code /proc/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6} list them.
 *
 * @param protocol TCP or UDP
 * @param address the local address in its usual text form: {@code 0.0.0.0}, {@code 127.0.0.1},
 *     {@code ::}, {@code ::1}, {@code ::ffff:10.0.0.1}
 * @param port the local port, 0 to 65535
 * @param inode the socket's inode, which ties it to the {@code /proc/<pid>/fd} links of the
 *     processes holding it ({@code socket:[inode]})
 * @param uid the user that owns the socket
 */
public record ListeningSocket(Protocol protocol, String address, int port, long inode, long uid) {
  /** The transport protocol of a socket. */
  public enum Protocol {
    TCP,
    UDP;

    /** {@code tcp} or {@code udp}, as names and attributes show it. */
    public String lowercase() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ListeningSocket {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(address, "address");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("A port is between 0 and 65535, got " + port);
    }
    if (inode < 0 || uid < 0) {
      throw new IllegalArgumentException("Inode and uid are 0 or more, got inode " + inode + " and uid " + uid);
    }
  }

  /** {@code tcp:8080} or {@code udp:53}. */
  public String endpoint() {
    return protocol.lowercase() + ":" + port;
  }

  public boolean isIpv6() {
    return address.indexOf(':') >= 0;
  }
}
