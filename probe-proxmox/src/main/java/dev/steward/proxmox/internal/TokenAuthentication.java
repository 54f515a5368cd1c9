package dev.steward.proxmox.internal;

import dev.steward.proxmox.ApiToken;
import dev.steward.proxmox.ProxmoxAuthenticationException;
import java.util.Map;

/** {@code Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET} on every request. Immutable. */
final class TokenAuthentication implements Authentication {
  private final ApiToken token;
  private final String server;
  private final AuthHeaders headers;

  TokenAuthentication(ApiToken token, String server) {
    this.token = token;
    this.server = server;
    this.headers = new AuthHeaders(Map.of("Authorization", "PVEAPIToken=" + token.tokenId() + "=" + token.secret().reveal()), token);
  }

  @Override
  public AuthHeaders headers(boolean write) {
    return headers;
  }

  @Override
  public boolean renewAfterRefusal(AuthHeaders refused) {
    return false;
  }

  @Override
  public ProxmoxAuthenticationException refused(String request, int status) {
    return new ProxmoxAuthenticationException(request, status, token.tokenId(), "Proxmox at " + server
        + " refused the API token " + token.tokenId() + " (" + status + " to " + request + "): the token id or its secret is "
        + "wrong, or the token was deleted or has expired. Check it with 'pveum user token list " + token.user()
        + "' on a node, and the secret in the file or environment variable it is read from. Not retried.");
  }
}
