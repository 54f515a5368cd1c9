package dev.steward.proxmox;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user and password: the client posts them to {@code /access/ticket}, sends the ticket as the
 * {@code PVEAuthCookie} cookie (and its CSRF token on writes), renews it by posting the ticket as
 * the password after an hour, and logs in again with the password when it has expired. A user
 * with a second factor cannot log in this way: use an {@link ApiToken}. Immutable;
 * {@code toString} shows {@code ****} for the password.
 *
 * @param userId {@code user@realm}, e.g. {@code root@pam}
 * @param password the user's password
 */
public record UserPassword(String userId, Secret password) implements ProxmoxCredentials {
  private static final Pattern USER_ID = Pattern.compile("[^\\s@!:;=]{1,64}@[A-Za-z][A-Za-z0-9._-]{0,31}");

  public UserPassword {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(password, "password");
    if (!USER_ID.matcher(userId).matches()) {
      throw new IllegalArgumentException("'" + userId.replaceAll("\\p{Cntrl}", "?") + "' is not a Proxmox user id: write "
          + "USER@REALM, e.g. root@pam or steward@pve");
    }
  }

  @Override
  public String principal() {
    return userId;
  }
}
