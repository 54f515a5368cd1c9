package dev.steward.proxmox.simulator.internal.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Shows the current server certificate to each new TLS handshake, and can be switched to another
 * one while the server runs, as a node whose certificate was renewed or replaced. A handshake
 * that chose an alias keeps the key of that alias even if the certificate changes meanwhile, so
 * key and certificate always match. Server side only: it offers no client certificates.
 * Thread-safe.
 */
public final class RotatingKeyManager extends X509ExtendedKeyManager {
  private final Map<String, ServerIdentity> identities = new ConcurrentHashMap<>();
  private final AtomicReference<String> current = new AtomicReference<>();
  private final AtomicInteger generation = new AtomicInteger();

  public RotatingKeyManager(ServerIdentity first) {
    use(first);
  }

  /** From the next handshake on, the server shows {@code identity}. */
  public void use(ServerIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    String alias = "simulator-" + generation.incrementAndGet();
    identities.put(alias, identity);
    current.set(alias);
  }

  public ServerIdentity current() {
    return identities.get(current.get());
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return chooseFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return chooseFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = chooseFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    ServerIdentity identity = identities.get(alias);
    return identity == null ? null : new X509Certificate[] {identity.certificate()};
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    ServerIdentity identity = identities.get(alias);
    return identity == null ? null : identity.privateKey();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  // JSSE asks once per signature scheme it could use ("EC", "RSA", "RSASSA-PSS", ...); null means
  // "not with this key type", and it goes on to the next one.
  private String chooseFor(String keyType) {
    String alias = current.get();
    String algorithm = identities.get(alias).privateKey().getAlgorithm();
    return keyType != null && keyType.startsWith(algorithm) ? alias : null;
  }
}
