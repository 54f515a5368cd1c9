package dev.steward.observe;

import dev.steward.observe.ListeningSocket.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the socket tables {@code /proc/net/tcp}, {@code /proc/net/tcp6}, {@code /proc/net/udp} and
 * {@code /proc/net/udp6}, keeping the sockets that wait for peers: TCP sockets in state {@code 0A}
 * (LISTEN) and UDP sockets in state {@code 07} (unconnected).
 *
 * <p>The kernel prints an address as the hexadecimal value of each 32-bit word in the host's byte
 * order; these readers expect a little-endian host (x86-64, arm64, riscv64), so {@code 0100007F}
 * is {@code 127.0.0.1}. Ports are printed in plain hexadecimal. Every line is checked up to the
 * inode column, so text that is not such a table is refused rather than half read.
 *
 * <p>Thread-safe: no state.
 */
public final class ProcNet {
  private static final int TCP_LISTEN = 0x0A;
  private static final int UDP_UNCONNECTED = 0x07;

  private ProcNet() {}

  /** The listening sockets of {@code /proc/net/tcp} (IPv4). */
  public static List<ListeningSocket> tcp(String text) {
    return parse(text, "/proc/net/tcp", Protocol.TCP, false);
  }

  /** The listening sockets of {@code /proc/net/tcp6} (IPv6, and IPv4 on dual-stack sockets). */
  public static List<ListeningSocket> tcp6(String text) {
    return parse(text, "/proc/net/tcp6", Protocol.TCP, true);
  }

  /** The unconnected sockets of {@code /proc/net/udp} (IPv4). */
  public static List<ListeningSocket> udp(String text) {
    return parse(text, "/proc/net/udp", Protocol.UDP, false);
  }

  /** The unconnected sockets of {@code /proc/net/udp6}. */
  public static List<ListeningSocket> udp6(String text) {
    return parse(text, "/proc/net/udp6", Protocol.UDP, true);
  }

  private static List<ListeningSocket> parse(String text, String source, Protocol protocol, boolean ipv6) {
    int wanted = protocol == Protocol.TCP ? TCP_LISTEN : UDP_UNCONNECTED;
    int addressDigits = ipv6 ? 32 : 8;
    List<String> lines = ProcText.lines(text);
    if (lines.isEmpty() || !lines.get(0).stripLeading().startsWith("sl ")) {
      throw new OutputParseException(source, 1, "expected the header line starting with 'sl  local_address', found '"
          + OutputParseException.excerpt(lines.isEmpty() ? "" : lines.get(0), 0) + "'");
    }
    List<ListeningSocket> sockets = new ArrayList<>();
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n);
      int lineNumber = n + 1;
      Cursor cursor = new Cursor(line, source, lineNumber);
      String slot = cursor.next("the slot number");
      if (slot.length() < 2 || slot.charAt(slot.length() - 1) != ':') {
        throw ProcText.notA(slot, source, lineNumber, "the slot", "a number followed by ':'");
      }
      ProcText.unsignedDecimal(slot.substring(0, slot.length() - 1), source, lineNumber, "the slot");
      String local = cursor.next("the local address");
      String remote = cursor.next("the remote address");
      checkEndpoint(remote, addressDigits, source, lineNumber, "the remote address");
      checkEndpoint(local, addressDigits, source, lineNumber, "the local address");
      String stateField = cursor.next("the state");
      if (stateField.length() != 2) {
        throw ProcText.notA(stateField, source, lineNumber, "the state", "2 hexadecimal digits");
      }
      int state = (int) ProcText.hex(stateField, 0, 2, source, lineNumber, "the state");
      cursor.next("the queues");
      cursor.next("the timer");
      cursor.next("the retransmits");
      long uid = ProcText.unsignedDecimal(cursor.next("the uid"), source, lineNumber, "the uid");
      cursor.next("the timeout");
      long inode = ProcText.unsignedDecimal(cursor.next("the inode"), source, lineNumber, "the inode");
      if (state == wanted) {
        String address = ipv6
            ? ipv6Address(local, source, lineNumber)
            : ipv4Address(ProcText.hex(local, 0, 8, source, lineNumber, "the local address"));
        int port = (int) ProcText.hex(local, addressDigits + 1, 4, source, lineNumber, "the local port");
        sockets.add(new ListeningSocket(protocol, address, port, inode, uid));
      }
    }
    return sockets;
  }

  private static void checkEndpoint(String field, int addressDigits, String source, int line, String what) {
    if (field.length() != addressDigits + 5 || field.charAt(addressDigits) != ':') {
      throw ProcText.notA(field, source, line, what, addressDigits + " hexadecimal digits, ':' and a 4-digit port");
    }
    for (int word = 0; word < addressDigits; word += 8) {
      ProcText.hex(field, word, 8, source, line, what);
    }
    ProcText.hex(field, addressDigits + 1, 4, source, line, what);
  }

  /** The kernel's little-endian word {@code 0100007F} is {@code 127.0.0.1}. */
  private static String ipv4Address(long word) {
    return (word & 0xff) + "." + ((word >> 8) & 0xff) + "." + ((word >> 16) & 0xff) + "." + ((word >> 24) & 0xff);
  }

  private static String ipv6Address(String field, String source, int line) {
    byte[] bytes = new byte[16];
    for (int word = 0; word < 4; word++) {
      long value = ProcText.hex(field, word * 8, 8, source, line, "the local address");
      for (int b = 0; b < 4; b++) {
        bytes[word * 4 + b] = (byte) (value >> (8 * b));
      }
    }
    return Ipv6Text.format(bytes);
  }

  /** Walks the space-separated fields of one line. */
  private static final class Cursor {
    private final String line;
    private final String source;
    private final int lineNumber;
    private int position;

    Cursor(String line, String source, int lineNumber) {
      this.line = line;
      this.source = source;
      this.lineNumber = lineNumber;
    }

    String next(String what) {
      int length = line.length();
      while (position < length && (line.charAt(position) == ' ' || line.charAt(position) == '\t')) {
        position++;
      }
      int start = position;
      while (position < length && line.charAt(position) != ' ' && line.charAt(position) != '\t') {
        position++;
      }
      if (position == start) {
        throw new OutputParseException(source, lineNumber, "the line ends before " + what + ": '"
            + OutputParseException.excerpt(line, 0) + "'");
      }
      return line.substring(start, position);
    }
  }
}
