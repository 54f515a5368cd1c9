package dev.steward.proxmox;

import java.util.Optional;

/**
 * The server's certificate is not trusted: the default trust store does not vouch for it (for its
 * host name), and it does not match the pinned fingerprint, or none is pinned. The message prints
 * the {@link #observed()} fingerprint and the setting that pins it; compare it with what the node
 * shows (GUI: Node > System > Certificates; shell: {@code pvenode cert info}) before pinning it.
 */
public final class CertificateNotTrustedException extends ProxmoxException {
  private static final long serialVersionUID = 1L;
  private final Fingerprint observed;
  private final Fingerprint pinned;

  public CertificateNotTrustedException(String request, Fingerprint observed, Optional<Fingerprint> pinned,
      String message, Throwable cause) {
    super(Kind.CERTIFICATE, request, 0, message, cause);
    this.observed = observed;
    this.pinned = pinned.orElse(null);
  }

  /** The fingerprint of the certificate the server showed. */
  public Fingerprint observed() {
    return observed;
  }

  /** The fingerprint that was pinned, when one was: then the certificate changed. */
  public Optional<Fingerprint> pinned() {
    return Optional.ofNullable(pinned);
  }
}
