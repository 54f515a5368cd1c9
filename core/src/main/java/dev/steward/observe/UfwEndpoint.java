package dev.steward.observe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The "To" or "From" side of a ufw rule as {@code ufw status} writes it, e.g. {@code Anywhere},
 * {@code 12000/udp (v6)}, {@code 6000:6007/tcp}, {@code 80,443/tcp (WWW Full)}, {@code OpenSSH},
 * {@code 10.0.0.0/8}, {@code 10.1.2.3 9000/udp} or {@code 8080/tcp on eth0}.
 *
 * @param address an address or network, e.g. {@code 10.0.0.0/8} or {@code 2001:db8::/32}; empty for anywhere
 * @param ports the ports, each a single port or a range; empty for any port, or when only an
 *     application profile's name is shown
 * @param protocol e.g. {@code tcp} or {@code udp}; empty for any
 * @param app the application profile, e.g. {@code OpenSSH} or {@code WWW Full}
 * @param v6 whether ufw marked this side {@code (v6)}
 * @param iface the interface after {@code on}, e.g. {@code eth0}
 */
public record UfwEndpoint(
    Optional<String> address, List<PortRange> ports, Optional<String> protocol, Optional<String> app, boolean v6,
    Optional<String> iface) {
  public UfwEndpoint {
    Objects.requireNonNull(address, "address");
    ports = List.copyOf(ports);
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(iface, "iface");
  }

  /** Whether this side matches anything: no address, port, application or interface. */
  public boolean anywhere() {
    return address.isEmpty() && ports.isEmpty() && app.isEmpty() && iface.isEmpty();
  }

  /**
   * Ports {@code first} to {@code last}, inclusive; one port has {@code first == last}.
   *
   * @param first 1 to 65535
   * @param last {@code first} to 65535
   */
  public record PortRange(int first, int last) {
    public PortRange {
      if (first < 1 || last > 65535 || first > last) {
        throw new IllegalArgumentException("A port range is 1 to 65535 with first <= last, got " + first + ":" + last);
      }
    }

    /** Whether this is one port. */
    public boolean single() {
      return first == last;
    }

    @Override
    public String toString() {
      return single() ? String.valueOf(first) : first + ":" + last;
    }
  }
}
