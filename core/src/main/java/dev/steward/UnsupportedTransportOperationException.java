package dev.steward;

/**
 * A transport was asked to do something it cannot do at all, such as opening a TCP connection
 * ({@link Transport#connect}) with a transport that only runs commands. Unlike other {@link
 * TransportException}s, trying again will not help: use a transport that can. Carries the host,
 * the transport's class and the operation.
 */
public class UnsupportedTransportOperationException extends TransportException {
  private static final long serialVersionUID = 1L;

  private final String transportClass;
  private final String operation;

  /**
   * @param operation what was asked, as a phrase after "cannot", e.g. "open TCP connections"
   */
  public UnsupportedTransportOperationException(String host, Class<?> transportClass, String operation) {
    super(host, "The transport " + transportClass.getName() + " cannot " + operation + " (asked for host " + host
        + "); use a transport that can, such as the built-in local or ssh transport", null);
    this.transportClass = transportClass.getName();
    this.operation = operation;
  }

  /** The fully qualified name of the transport's class. */
  public String transportClass() {
    return transportClass;
  }

  /** What was asked, e.g. "open TCP connections". */
  public String operation() {
    return operation;
  }
}
