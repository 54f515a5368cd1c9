package dev.steward.probe.ssh.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;

/**
 * Orders the host key algorithms a session proposes the way OpenSSH does: those of the key types
 * known_hosts already lists for the host come first, so a server with several host keys shows
 * the one the file knows instead of one it does not. Runs when SSHD creates a session, before it
 * sends its first key exchange message. Without any listed key the base order applies, which
 * puts ed25519 first like OpenSSH, so a key added with accept-new is the one OpenSSH would pick.
 * Thread-safe.
 */
final class HostKeyOrder implements SessionListener {
  /** OpenSSH's default HostKeyAlgorithms order, as far as SSHD implements it. */
  static final List<BuiltinSignatures> OPENSSH_ORDER = List.of(
      BuiltinSignatures.ed25519_cert, BuiltinSignatures.nistp256_cert, BuiltinSignatures.nistp384_cert,
      BuiltinSignatures.nistp521_cert, BuiltinSignatures.rsaSHA512_cert, BuiltinSignatures.rsaSHA256_cert,
      BuiltinSignatures.ed25519, BuiltinSignatures.nistp256, BuiltinSignatures.nistp384, BuiltinSignatures.nistp521,
      BuiltinSignatures.sk_ssh_ed25519, BuiltinSignatures.sk_ecdsa_sha2_nistp256,
      BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256, BuiltinSignatures.rsa);

  private final KnownHostsVerifier verifier;

  HostKeyOrder(KnownHostsVerifier verifier) {
    this.verifier = verifier;
  }

  /** The algorithms of {@link #OPENSSH_ORDER} this JVM supports, in that order. */
  static List<NamedFactory<Signature>> base() {
    List<NamedFactory<Signature>> supported = new ArrayList<>();
    for (BuiltinSignatures s : OPENSSH_ORDER) {
      if (s.isSupported()) {
        supported.add(s);
      }
    }
    return List.copyOf(supported);
  }

  @Override
  public void sessionCreated(Session session) {
    if (!(session instanceof ClientSession client)) {
      return;
    }
    AttributeRepository context = client.getConnectionContext();
    Target target = context == null ? null : context.getAttribute(KnownHostsVerifier.TARGET);
    if (target == null) {
      return;
    }
    Set<String> known = verifier.knownKeyTypes(target);
    if (!known.isEmpty()) {
      client.setSignatureFactories(preferring(client.getSignatureFactories(), known));
    }
  }

  /**
   * {@code algorithms} with those whose key type is in {@code keyTypes} first; the order within
   * each part is kept, so rsa-sha2-512 stays ahead of ssh-rsa.
   */
  static List<NamedFactory<Signature>> preferring(List<NamedFactory<Signature>> algorithms, Set<String> keyTypes) {
    List<NamedFactory<Signature>> first = new ArrayList<>();
    List<NamedFactory<Signature>> rest = new ArrayList<>();
    for (NamedFactory<Signature> algorithm : algorithms) {
      (keyTypes.contains(KeyUtils.getCanonicalKeyType(algorithm.getName())) ? first : rest).add(algorithm);
    }
    first.addAll(rest);
    return first;
  }
}
