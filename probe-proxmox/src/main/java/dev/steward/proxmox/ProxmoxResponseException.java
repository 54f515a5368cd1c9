package dev.steward.proxmox;

/** The server answered 200 with something that is not the API's JSON (a proxy's HTML page, a cut-off body). */
public final class ProxmoxResponseException extends ProxmoxException {
  private static final long serialVersionUID = 1L;

  public ProxmoxResponseException(String request, String message, Throwable cause) {
    super(Kind.RESPONSE, request, 200, message, cause);
  }
}
