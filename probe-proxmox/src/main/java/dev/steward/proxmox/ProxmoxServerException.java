package dev.steward.proxmox;

import java.util.Optional;

/**
 * 500, 501 or another unexpected status: the call reached Proxmox and its handler failed, e.g.
 * {@code Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist}. Releases before
 * 8.4 put the reason only in the HTTP reason phrase, which Java's HTTP client cannot read; then
 * {@link #reason()} is empty. A 502, 503 or 504 (from a proxy in front) is transient.
 */
public final class ProxmoxServerException extends ProxmoxException {
  private static final long serialVersionUID = 1L;
  private final String reason;

  public ProxmoxServerException(String request, int status, Optional<String> reason, String message) {
    super(Kind.SERVER, request, status, status == 502 || status == 503 || status == 504, message, null);
    this.reason = reason.orElse(null);
  }

  /** The server's own words, when its answer carried them. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }
}
