package dev.steward.proxmox;

/** The connection to Proxmox could not be made or broke (refused, reset, closed early). Transient. */
public final class ProxmoxConnectionException extends ProxmoxException {
  private static final long serialVersionUID = 1L;

  public ProxmoxConnectionException(String request, String message, Throwable cause) {
    super(Kind.CONNECTION, request, 0, message, cause);
  }
}
