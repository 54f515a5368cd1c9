package dev.steward.proxmox.simulator.internal.auth;

import dev.steward.proxmox.simulator.Privilege;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A user who can log in with a password ({@code root@pam}), optionally with a second factor the
 * login must then complete ({@code totp:123456}), and the privileges the user holds on {@code /}.
 * Immutable.
 */
public record Account(String userid, String password, Optional<String> secondFactor, Set<Privilege> privileges) {
  public Account {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(secondFactor, "secondFactor");
    privileges = Set.copyOf(privileges);
    Principal.requireUserid(userid);
    secondFactor.ifPresent(factor -> {
      if (!factor.matches("(totp|recovery|webauthn|yubico|u2f):.+")) {
        throw new IllegalArgumentException("A second factor is kind:value with kind totp, recovery, webauthn, yubico or u2f, not '"
            + factor + "'");
      }
    });
  }
}
