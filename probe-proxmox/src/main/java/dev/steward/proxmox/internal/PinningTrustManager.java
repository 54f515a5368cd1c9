package dev.steward.proxmox.internal;

import dev.steward.proxmox.Fingerprint;
import java.net.Socket;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts what the default trust store trusts (chain and host name, as the JDK's HTTP client asks
 * for endpoint identification {@code HTTPS}), and otherwise a leaf certificate whose SHA-256
 * fingerprint is the pinned one. Only on that second path is the host name not checked: a pinned
 * certificate is trusted as that exact certificate, however the node is addressed (users often
 * connect by IP, and PVE's self-signed certificates name the node). Being an
 * {@link X509ExtendedTrustManager}, it is called with the engine and owns the host name check, so
 * no JVM-wide setting is touched. Thread-safe.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager defaults;
  private final Optional<Fingerprint> pin;

  PinningTrustManager(X509ExtendedTrustManager defaults, Optional<Fingerprint> pin) {
    this.defaults = defaults;
    this.pin = pin;
  }

  /** The JDK's default trust manager over {@code trustStore}, or over the JDK's own trust store when empty. */
  static X509ExtendedTrustManager defaults(Optional<KeyStore> trustStore) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore.orElse(null));
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager) {
          return (X509ExtendedTrustManager) manager;
        }
      }
      throw new IllegalStateException("The JDK's default TrustManagerFactory made no X509ExtendedTrustManager");
    } catch (NoSuchAlgorithmException | KeyStoreException e) {
      throw new IllegalStateException("The JDK's default trust store cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    try {
      defaults.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      acceptPinned(chain, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    try {
      defaults.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      acceptPinned(chain, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    try {
      defaults.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      acceptPinned(chain, e);
    }
  }

  private void acceptPinned(X509Certificate[] chain, CertificateException refused) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw refused;
    }
    Fingerprint observed = Fingerprint.of(chain[0]);
    if (pin.isPresent() && pin.get().equals(observed)) {
      return;
    }
    throw new UntrustedCertificate(observed, String.valueOf(refused.getMessage()), refused);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    defaults.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    defaults.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    defaults.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return defaults.getAcceptedIssuers();
  }
}
