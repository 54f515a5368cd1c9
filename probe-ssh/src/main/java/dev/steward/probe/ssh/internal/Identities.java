package dev.steward.probe.ssh.internal;

import dev.steward.probe.ssh.PassphraseProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.security.auth.login.FailedLoginException;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads OpenSSH private key files (ed25519, ecdsa, rsa; encrypted ones through the passphrase
 * provider) once per file and keeps them for the transport's life: an encrypted key's KDF costs
 * tens of milliseconds, which a fan-out to 100 hosts must not pay 100 times. A file that cannot
 * be loaded is remembered with the reason, for the authentication error. Thread-safe.
 */
final class Identities {
  private static final Logger LOG = LoggerFactory.getLogger(Identities.class);

  /** A file's keys, or why there are none. */
  record Loaded(Path file, List<KeyPair> keys, Optional<String> problem) {}

  private final List<Path> defaults;
  private final Optional<PassphraseProvider> passphrases;
  private final ConcurrentMap<Path, Loaded> cache = new ConcurrentHashMap<>();

  Identities(List<Path> defaults, Optional<PassphraseProvider> passphrases) {
    this.defaults = List.copyOf(defaults);
    this.passphrases = passphrases;
  }

  /** The files for {@code target}: the config's IdentityFile entries first, then the settings', existing ones only. */
  List<Loaded> forTarget(Target target) {
    LinkedHashSet<Path> files = new LinkedHashSet<>(target.configIdentities());
    files.addAll(defaults);
    List<Loaded> loaded = new ArrayList<>();
    for (Path file : files) {
      if (Files.isRegularFile(file)) {
        loaded.add(cache.computeIfAbsent(file, this::load));
      } else if (target.configIdentities().contains(file)) {
        loaded.add(new Loaded(file, List.of(), Optional.of("the ssh config names it, but it does not exist")));
      }
    }
    return loaded;
  }

  private Loaded load(Path file) {
    FilePasswordProvider password = (session, resource, retry) -> {
      if (retry > 0 || passphrases.isEmpty()) {
        return null;
      }
      return passphrases.get().passphrase(file).orElse(null);
    };
    try (InputStream in = Files.newInputStream(file)) {
      Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, password);
      List<KeyPair> keys = new ArrayList<>();
      if (pairs != null) {
        pairs.forEach(keys::add);
      }
      if (keys.isEmpty()) {
        return new Loaded(file, List.of(), Optional.of("holds no private key SSHD can read"));
      }
      return new Loaded(file, List.copyOf(keys), Optional.empty());
    } catch (FailedLoginException e) {
      String problem = passphrases.isEmpty()
          ? "is encrypted and no passphrase was given (set steward.ssh.passphrase or a passphrase provider)"
          : "is encrypted and the passphrase given did not open it";
      LOG.warn("Identity file {} {}", file, problem);
      return new Loaded(file, List.of(), Optional.of(problem));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // OpenSSH's format checks two copies of a random number after decryption: a wrong passphrase breaks them.
      String problem = passphrases.isPresent() && String.valueOf(e.getMessage()).contains("Mismatched private key check")
          ? "is encrypted and the passphrase given did not open it"
          : "could not be read: " + e.getMessage();
      LOG.warn("Identity file {} {}", file, problem);
      return new Loaded(file, List.of(), Optional.of(problem));
    }
  }
}
