package dev.steward.proxmox;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An API token: sent as {@code Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET} on every
 * request; it needs no CSRF token and no renewal. Create one with
 * {@code pveum user token add steward@pve probe --privsep 0} and give the user (or, with privilege
 * separation, the token) the {@code PVEAuditor} role on {@code /}. Immutable; {@code toString}
 * shows {@code ****} for the secret.
 *
 * @param tokenId {@code user@realm!tokenname}
 * @param secret the token's secret (a UUID)
 */
public record ApiToken(String tokenId, Secret secret) implements ProxmoxCredentials {
  /** pve-access-control: a user id, '!', and a token name of letters, digits, '-', '_' and '.'. */
  private static final Pattern TOKEN_ID = Pattern.compile("[^\\s@!:;=]{1,64}@[A-Za-z][A-Za-z0-9._-]{0,31}![A-Za-z][A-Za-z0-9._-]{0,63}");

  public ApiToken {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(secret, "secret");
    if (!TOKEN_ID.matcher(tokenId).matches()) {
      throw new IllegalArgumentException("'" + tokenId.replaceAll("\\p{Cntrl}", "?") + "' is not an API token id: write "
          + "USER@REALM!TOKENNAME, e.g. steward@pve!probe (the secret goes in a file or an environment variable)");
    }
    if (!secret.reveal().chars().allMatch(c -> c > ' ' && c < 0x7f && c != ';')) {
      // It travels in a header whose value ends at ';': Proxmox makes token secrets UUIDs.
      throw new IllegalArgumentException("The secret of API token " + tokenId + " holds a space, a ';' or a character "
          + "outside ASCII; a token's secret is a UUID as 'pveum user token add' printed it");
    }
  }

  @Override
  public String principal() {
    return tokenId;
  }

  /** The user the token belongs to, {@code user@realm}. */
  public String user() {
    return tokenId.substring(0, tokenId.indexOf('!'));
  }
}
