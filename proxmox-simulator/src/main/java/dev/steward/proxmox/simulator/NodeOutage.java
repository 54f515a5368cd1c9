package dev.steward.proxmox.simulator;

/**
 * How a node that is down fails the calls pveproxy forwards to it: the AnyEvent::HTTP
 * pseudo-statuses, with an empty body and the error text as reason phrase.
 */
public enum NodeOutage {
  /** 595: connecting to the node failed, as with a host that is off. */
  UNREACHABLE(595, "No route to host"),
  /** 596: the TLS or request phase failed, usually after the forwarding timeout. */
  TIMED_OUT(596, "Connection timed out");

  private final int status;
  private final String reason;

  NodeOutage(int status, String reason) {
    this.status = status;
    this.reason = reason;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }
}
