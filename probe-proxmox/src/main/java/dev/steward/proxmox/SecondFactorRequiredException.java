package dev.steward.proxmox;

/**
 * The user's login needs a second factor (TOTP, WebAuthn, a recovery key...), which an unattended
 * client cannot give. Use an API token instead: it never asks for one.
 */
public final class SecondFactorRequiredException extends ProxmoxAuthenticationException {
  private static final long serialVersionUID = 1L;

  public SecondFactorRequiredException(String request, String principal, String message) {
    super(Kind.SECOND_FACTOR, request, 0, principal, message);
  }
}
