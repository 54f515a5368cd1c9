package dev.steward.proxmox.internal;

import dev.steward.proxmox.ProxmoxAuthenticationException;

/** How requests are authenticated: an API token, or a ticket session. Implementations are thread-safe. */
interface Authentication {
  /** The headers for one request, logging in or renewing first when needed; {@code write} adds the CSRF token. */
  AuthHeaders headers(boolean write);

  /**
   * After a 401 to a request made with {@code refused}: whether a fresh login may help (a ticket
   * that expired or was revoked early). A token never may.
   */
  boolean renewAfterRefusal(AuthHeaders refused);

  /** The exception for a 401 to {@code request}, with what to check. */
  ProxmoxAuthenticationException refused(String request, int status);
}
