package dev.steward.proxmox.internal;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The insecure mode's trust manager: any certificate, any host name. Used only for a client built
 * with {@code insecure()}, which logs a warning each time one is built; the JVM's other
 * connections are untouched. Stateless.
 */
final class TrustEverything extends X509ExtendedTrustManager {
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    // Insecure mode: everything is trusted.
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    // Insecure mode: everything is trusted.
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    // Insecure mode: everything is trusted.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    // Never a server: no client certificates to check.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    // Never a server: no client certificates to check.
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    // Never a server: no client certificates to check.
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
