package dev.steward.proxmox.internal;

import dev.steward.proxmox.Fingerprint;
import java.security.cert.CertificateException;

/**
 * Thrown by {@link PinningTrustManager} inside the TLS handshake, so the client can tell the user
 * which certificate it saw; the JDK wraps it in an {@code SSLHandshakeException}.
 */
final class UntrustedCertificate extends CertificateException {
  private static final long serialVersionUID = 1L;
  private final transient Fingerprint observed;
  private final String defaultCheck;

  UntrustedCertificate(Fingerprint observed, String defaultCheck, Throwable cause) {
    super("certificate " + observed + " is not trusted: " + defaultCheck, cause);
    this.observed = observed;
    this.defaultCheck = defaultCheck;
  }

  Fingerprint observed() {
    return observed;
  }

  /** Why the default trust store refused it. */
  String defaultCheck() {
    return defaultCheck;
  }
}
