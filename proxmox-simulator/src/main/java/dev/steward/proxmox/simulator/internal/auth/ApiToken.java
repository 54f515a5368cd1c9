package dev.steward.proxmox.simulator.internal.auth;

import dev.steward.proxmox.simulator.Privilege;
import java.util.Objects;
import java.util.Set;

/**
 * An API token, {@code user@realm!name}, its secret, and the privileges it holds on {@code /}
 * (a privilege-separated token holds only its own). Immutable.
 */
public record ApiToken(String tokenId, String secret, Set<Privilege> privileges) {
  public ApiToken {
    Objects.requireNonNull(secret, "secret");
    privileges = Set.copyOf(privileges);
    int bang = tokenId.indexOf('!');
    if (bang < 0 || !tokenId.substring(bang + 1).matches("[A-Za-z][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("A token id is user@realm!name with a name of letters, digits, '.', '_' and '-', not '"
          + tokenId + "'");
    }
    Principal.requireUserid(tokenId.substring(0, bang));
    if (secret.isEmpty() || secret.contains(";") || secret.contains(" ")) {
      throw new IllegalArgumentException("A token secret is not empty and has no ';' or spaces");
    }
  }

  public String userid() {
    return tokenId.substring(0, tokenId.indexOf('!'));
  }

  public String name() {
    return tokenId.substring(tokenId.indexOf('!') + 1);
  }

  /** The header a client sends: {@code PVEAPIToken=user@realm!name=secret}. */
  public String authorizationHeader() {
    return "PVEAPIToken=" + tokenId + "=" + secret;
  }
}
