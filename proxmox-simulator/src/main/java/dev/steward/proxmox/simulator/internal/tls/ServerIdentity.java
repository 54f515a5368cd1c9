package dev.steward.proxmox.simulator.internal.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A private key and the certificate the server shows with it, and the certificate's fingerprint
 * in the form Proxmox prints it (SHA-256 over the DER, 32 uppercase hex pairs joined by {@code :}),
 * as in {@code pvenode cert info} and {@code /nodes[].ssl_fingerprint}.
 */
public record ServerIdentity(PrivateKey privateKey, X509Certificate certificate, String fingerprint) {
  public ServerIdentity {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  static ServerIdentity of(PrivateKey privateKey, X509Certificate certificate) {
    return new ServerIdentity(privateKey, certificate, fingerprintOf(certificate));
  }

  /** SHA-256 of the certificate's DER encoding as {@code AB:CD:...}. */
  public static String fingerprintOf(X509Certificate certificate) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      StringBuilder text = new StringBuilder(hash.length * 3);
      for (byte b : hash) {
        if (text.length() > 0) {
          text.append(':');
        }
        text.append(String.format("%02X", b & 0xFF));
      }
      return text.toString();
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("Cannot take the SHA-256 fingerprint of " + certificate.getSubjectX500Principal(), e);
    }
  }
}
