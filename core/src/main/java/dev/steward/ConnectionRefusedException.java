package dev.steward;

/**
 * {@link Transport#connect} reached the host, but nothing listens on the port there: the
 * connection was refused. Carries the host and the port. Often the program that should listen has
 * not started yet, or listens on another port or address.
 */
public class ConnectionRefusedException extends TransportException {
  private static final long serialVersionUID = 1L;

  private final int port;

  public ConnectionRefusedException(String host, int port, Throwable cause) {
    super(host, "Nothing listens on 127.0.0.1:" + port + " on " + host
        + ": the connection was refused. Check that the program runs there and listens on that port of the loopback", cause);
    this.port = port;
  }

  /** The port on the host's loopback that refused the connection. */
  public int port() {
    return port;
  }
}
