package dev.steward.proxmox;

/**
 * 401: Proxmox refused the credentials (a wrong or deleted token, a wrong password, an expired
 * ticket that could not be renewed). Never retried: pveproxy answers every refusal after 3 s, and
 * wrong credentials stay wrong.
 */
public class ProxmoxAuthenticationException extends ProxmoxException {
  private static final long serialVersionUID = 1L;
  private final String principal;

  public ProxmoxAuthenticationException(String request, int status, String principal, String message) {
    this(Kind.AUTHENTICATION, request, status, principal, message);
  }

  ProxmoxAuthenticationException(Kind kind, String request, int status, String principal, String message) {
    super(kind, request, status, message, null);
    this.principal = principal;
  }

  /** The token id or user that was refused, e.g. {@code steward@pve!probe}. */
  public String principal() {
    return principal;
  }
}
