package dev.steward.process.internal;

import dev.steward.observe.OutputParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code /proc/net/tcp} and {@code /proc/net/tcp6}: which sockets listen on which port. */
public final class ListeningSockets {
  /** The {@code st} value of a listening socket. */
  private static final String LISTEN = "0A";

  /** One listening TCP socket: its local port and the inode that names it in {@code /proc/<pid>/fd}. */
  public record Listener(int port, long inode) {}

  private ListeningSockets() {}

  /**
   * The listening sockets in the text of {@code /proc/net/tcp} or {@code /proc/net/tcp6}.
   *
   * @param source the file's name, for messages
   * @throws OutputParseException when a line is not a socket line
   */
  public static List<Listener> parse(String text, String source) {
    List<Listener> listeners = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    if (lines.length == 0 || !lines[0].strip().startsWith("sl")) {
      throw new OutputParseException(source, 1, "expected the header line 'sl local_address ...', found '"
          + OutputParseException.excerpt(lines.length == 0 ? "" : lines[0], 0) + "'");
    }
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(" +");
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
      if (f.length < 10 || !f[0].endsWith(":")) {
        throw new OutputParseException(source, i + 1, "expected at least 10 fields starting with 'N:', found '"
            + OutputParseException.excerpt(line, 0) + "'");
      }
      if (!LISTEN.equalsIgnoreCase(f[3])) {
        continue;
      }
      int colon = f[1].lastIndexOf(':');
      if (colon < 0 || f[1].length() - colon - 1 != 4) {
        throw new OutputParseException(source, i + 1, "the local address '" + OutputParseException.excerpt(f[1], 0)
            + "' is not ADDRESS:PORT in hex");
      }
      int port;
      long inode;
      try {
        port = Integer.parseInt(f[1].substring(colon + 1), 16);
        inode = Long.parseLong(f[9]);
      } catch (NumberFormatException e) {
        throw new OutputParseException(source, i + 1, "the port or the inode is not a number in '"
            + OutputParseException.excerpt(line, 0) + "'", e);
      }
      if (inode < 0) {
        throw new OutputParseException(source, i + 1, "the inode is negative in '" + OutputParseException.excerpt(line, 0) + "'");
      }
      listeners.add(new Listener(port, inode));
    }
    return List.copyOf(listeners);
  }
}
