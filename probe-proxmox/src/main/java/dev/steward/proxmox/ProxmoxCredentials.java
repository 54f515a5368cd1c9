package dev.steward.proxmox;

/**
 * How the client proves who it is: an {@link ApiToken} (preferred: no login, no renewal, and a
 * token can be limited to the {@code PVEAuditor} role) or a {@link UserPassword} login that gets a
 * ticket and renews it. Implementations are immutable and show no secret in {@code toString}.
 */
public sealed interface ProxmoxCredentials permits ApiToken, UserPassword {
  /** Who this is, without any secret: {@code steward@pve!probe} or {@code root@pam}. */
  String principal();
}
