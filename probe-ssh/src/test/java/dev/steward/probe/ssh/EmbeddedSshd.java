package dev.steward.probe.ssh;

import dev.steward.ShellQuoting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;

/**
 * An Apache SSHD server on 127.0.0.1 for tests. Like OpenSSH's sshd it runs each command with
 * {@code /bin/sh -c} in a session of its own (setsid), so a timeout can kill its process group.
 * Public keys are checked against a real authorized_keys file; user {@code bob} may also log in
 * with the password {@code pw-of-bob}. Commands run as the JVM's user.
 */
final class EmbeddedSshd implements AutoCloseable {
  static final String PASSWORD_USER = "bob";
  static final String PASSWORD = "pw-of-bob";

  private final SshServer server;
  private final KeyPairProvider hostKeys;
  private final AtomicInteger sessionsOpened = new AtomicInteger();

  private EmbeddedSshd(SshServer server, KeyPairProvider hostKeys) {
    this.server = server;
    this.hostKeys = hostKeys;
  }

  /** Starts a server with the host key in {@code hostKeyFile} (made if missing) on {@code port} (0 for any). */
  static EmbeddedSshd start(Path dir, Path hostKeyFile, Path authorizedKeys, int port) throws IOException {
    SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
    hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    hostKeys.setKeySize(256);
    return start(hostKeys, authorizedKeys, port);
  }

  /** Starts a server that holds every one of {@code hostKeys}, as an OpenSSH server with several HostKey lines does. */
  static EmbeddedSshd startWithHostKeys(List<KeyPair> hostKeys, Path authorizedKeys) throws IOException {
    return start(KeyPairProvider.wrap(hostKeys), authorizedKeys, 0);
  }

  private static EmbeddedSshd start(KeyPairProvider hostKeys, Path authorizedKeys, int port) throws IOException {
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(port);
    server.setKeyPairProvider(hostKeys);
    if (!Files.exists(authorizedKeys)) {
      Files.createFile(authorizedKeys, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys) {
      @Override
      protected boolean isValidUsername(String username, org.apache.sshd.server.session.ServerSession session) {
        return true;
      }
    });
    server.setPasswordAuthenticator((user, password, session) -> PASSWORD_USER.equals(user) && PASSWORD.equals(password));
    server.setCommandFactory((channel, command) ->
        ProcessShellCommandFactory.INSTANCE.createCommand(channel, "exec setsid /bin/sh -c " + ShellQuoting.quote(command)));
    EmbeddedSshd sshd = new EmbeddedSshd(server, hostKeys);
    server.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        sshd.sessionsOpened.incrementAndGet();
      }
    });
    server.start();
    return sshd;
  }

  int port() {
    return server.getPort();
  }

  /** {@code 127.0.0.1:PORT}, the host string the transport is given. */
  String host() {
    return "127.0.0.1:" + port();
  }

  PublicKey hostKey() {
    List<KeyPair> keys = new ArrayList<>();
    try {
      hostKeys.loadKeys(null).forEach(keys::add);
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return keys.get(0).getPublic();
  }

  String hostKeyFingerprint() {
    return KeyUtils.getFingerPrint(hostKey());
  }

  /** The known_hosts line OpenSSH would write for this server. */
  String knownHostsLine() {
    return knownHostsLine(hostKey());
  }

  /** The known_hosts line for one of this server's host keys. */
  String knownHostsLine(PublicKey key) {
    try {
      return PublicKeyEntry.appendPublicKeyEntry(new StringBuilder("[127.0.0.1]:" + port() + " "), key).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many sessions clients opened so far. */
  int sessionsOpened() {
    return sessionsOpened.get();
  }

  /** Drops every client's session from the server side, as a restarted server or a cut network would. */
  void dropSessions() {
    server.getActiveSessions().forEach(s -> s.close(true));
  }

  int activeSessions() {
    return server.getActiveSessions().size();
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }
}
