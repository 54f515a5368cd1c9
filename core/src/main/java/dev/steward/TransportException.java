package dev.steward;

/** A command could not be run on a host, or did not finish well. Carries the host. */
public class TransportException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final String host;

  public TransportException(String host, String message, Throwable cause) {
    super(message, cause);
    this.host = host;
  }

  public String host() {
    return host;
  }
}
