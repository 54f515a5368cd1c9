package dev.steward.proxmox.simulator.internal.auth;

/**
 * Why the auth step refused a request, with the reason phrase pve-http-server answers it with
 * ({@code 401 <reason>}, empty body, after the auth delay).
 */
public enum AuthFailure {
  /** Neither a ticket nor a token came with the request. */
  NO_TICKET("No ticket"),
  /** A ticket or token came but is unknown, forged, half-way (second factor pending) or expired. */
  AUTHENTICATION_FAILED("Authentication failed!"),
  /** A write with a ticket came without a good {@code CSRFPreventionToken} header. */
  INVALID_CSRF("Permission denied - invalid csrf token");

  private final String reason;

  AuthFailure(String reason) {
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
