package dev.steward.proxmox;

import java.util.Optional;

/**
 * 403: the token or user lacks a privilege. Proxmox names the path and the privilege
 * ({@code Permission check failed (/vms/100, VM.Audit)}); releases before 8.4 put that text only
 * in the HTTP reason phrase, which Java's HTTP client cannot read, so then the privilege the
 * endpoint is documented to need is named instead, and {@link #statedByServer()} is false.
 */
public final class ProxmoxPermissionException extends ProxmoxException {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final String privilege;
  private final boolean statedByServer;

  public ProxmoxPermissionException(String request, Optional<String> path, Optional<String> privilege,
      boolean statedByServer, String message) {
    super(Kind.PERMISSION, request, 403, message, null);
    this.path = path.orElse(null);
    this.privilege = privilege.orElse(null);
    this.statedByServer = statedByServer;
  }

  /** The ACL path the privilege is needed on, e.g. {@code /vms/100}. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** The missing privilege, e.g. {@code VM.Audit}. */
  public Optional<String> privilege() {
    return Optional.ofNullable(privilege);
  }

  /** True when the server said which privilege; false when it is the one the endpoint is known to need. */
  public boolean statedByServer() {
    return statedByServer;
  }
}
