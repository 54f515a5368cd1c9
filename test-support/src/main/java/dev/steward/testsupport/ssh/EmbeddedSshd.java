package dev.steward.testsupport.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
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
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An Apache SSHD server on 127.0.0.1 for tests. Like OpenSSH's sshd it runs each command with
 * {@code /bin/sh -c} in a session of its own (setsid), so a timeout can kill its process group.
 * Public keys are checked against a real authorized_keys file, which may change while it runs;
 * user {@link #PASSWORD_USER} may also log in with {@link #PASSWORD}. Commands run as the JVM's user.
 * Clients may open direct-tcpip channels (local port forwarding, {@code ssh -L}) to any address, as
 * an OpenSSH server with its default {@code AllowTcpForwarding yes} lets them, until {@link
 * #allowTcpForwarding} turns that off; remote, agent and X11 forwarding are refused.
 *
 * <p>As a JUnit 5 extension it runs for one test class, started before the class's own
 * {@code @BeforeAll} methods and stopped after them:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedSshd sshd = EmbeddedSshd.perClass();
 *
 * @BeforeAll
 * static void authorize() throws IOException {
 *   Files.copy(myKey, sshd.authorizedKeys());
 * }
 * }</pre>
 *
 * A test that needs a server of its own for a while starts one with {@link #start} and closes it.
 * Thread-safe.
 */
public final class EmbeddedSshd implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  public static final String PASSWORD_USER = "bob";
  public static final String PASSWORD = "pw-of-bob";

  private final List<KeyPair> givenHostKeys;
  private final AtomicInteger sessionsOpened = new AtomicInteger();
  private volatile SshServer server;
  private volatile KeyPairProvider hostKeys;
  private volatile Path authorizedKeys;
  private volatile Path ownDirectory;
  private volatile boolean tcpForwarding = true;

  private EmbeddedSshd(List<KeyPair> givenHostKeys) {
    this.givenHostKeys = List.copyOf(givenHostKeys);
  }

  /** A server for one test class, with an EC host key of its own and an empty authorized_keys. */
  public static EmbeddedSshd perClass() {
    return new EmbeddedSshd(List.of());
  }

  /** A server for one test class that holds every one of {@code hostKeys}, as an OpenSSH server with several HostKey lines does. */
  public static EmbeddedSshd perClassWithHostKeys(List<KeyPair> hostKeys) {
    if (hostKeys.isEmpty()) {
      throw new IllegalArgumentException("A server needs at least one host key");
    }
    return new EmbeddedSshd(hostKeys);
  }

  /** Starts a server now with the host key in {@code hostKeyFile} (made if missing) on {@code port} (0 for any). */
  public static EmbeddedSshd start(Path hostKeyFile, Path authorizedKeys, int port) throws IOException {
    EmbeddedSshd sshd = new EmbeddedSshd(List.of());
    sshd.serve(generatedKey(hostKeyFile), authorizedKeys, port);
    return sshd;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    ownDirectory = Files.createTempDirectory("steward-sshd-");
    KeyPairProvider keys = givenHostKeys.isEmpty() ? generatedKey(ownDirectory.resolve("hostkey")) : KeyPairProvider.wrap(givenHostKeys);
    serve(keys, ownDirectory.resolve("authorized_keys"), 0);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
    if (ownDirectory != null) {
      try (var files = Files.walk(ownDirectory)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static KeyPairProvider generatedKey(Path hostKeyFile) {
    SimpleGeneratorHostKeyProvider generated = new SimpleGeneratorHostKeyProvider(hostKeyFile);
    generated.setAlgorithm(KeyUtils.EC_ALGORITHM);
    generated.setKeySize(256);
    return generated;
  }

  private void serve(KeyPairProvider keys, Path authorized, int port) throws IOException {
    SshServer made = SshServer.setUpDefaultServer();
    made.setHost("127.0.0.1");
    made.setPort(port);
    made.setKeyPairProvider(keys);
    if (!Files.exists(authorized)) {
      Files.createFile(authorized, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    made.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorized) {
      @Override
      protected boolean isValidUsername(String username, ServerSession session) {
        return true;
      }
    });
    made.setPasswordAuthenticator((user, password, session) -> PASSWORD_USER.equals(user) && PASSWORD.equals(password));
    made.setForwardingFilter(ForwardingFilter.asForwardingFilter(null, null, new TcpForwardingFilter() {
      @Override
      public boolean canListen(SshdSocketAddress address, Session session) {
        return false;
      }

      @Override
      public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
        return type == Type.Direct && tcpForwarding;
      }
    }));
    made.setCommandFactory((channel, command) ->
        ProcessShellCommandFactory.INSTANCE.createCommand(channel, "exec setsid /bin/sh -c " + quote(command)));
    made.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        sessionsOpened.incrementAndGet();
      }
    });
    made.start();
    this.hostKeys = keys;
    this.authorizedKeys = authorized;
    this.server = made;
  }

  /** One word for /bin/sh, whatever it holds. */
  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private SshServer server() {
    SshServer running = server;
    if (running == null) {
      throw new IllegalStateException("This EmbeddedSshd has not started: register it with @RegisterExtension on a static field");
    }
    return running;
  }

  public int port() {
    return server().getPort();
  }

  /** {@code 127.0.0.1:PORT}, the host string a transport is given. */
  public String host() {
    return "127.0.0.1:" + port();
  }

  /** The authorized_keys file the server checks public keys against; add lines to let keys in. */
  public Path authorizedKeys() {
    server();
    return authorizedKeys;
  }

  public PublicKey hostKey() {
    server();
    List<KeyPair> keys = new ArrayList<>();
    try {
      hostKeys.loadKeys(null).forEach(keys::add);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read the embedded server's host keys", e);
    }
    return keys.get(0).getPublic();
  }

  public String hostKeyFingerprint() {
    return KeyUtils.getFingerPrint(hostKey());
  }

  /** The known_hosts line OpenSSH would write for this server. */
  public String knownHostsLine() {
    return knownHostsLine(hostKey());
  }

  /** The known_hosts line for one of this server's host keys. */
  public String knownHostsLine(PublicKey key) {
    try {
      return PublicKeyEntry.appendPublicKeyEntry(new StringBuilder("[127.0.0.1]:" + port() + " "), key).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether clients may open direct-tcpip channels from now on; when not, the server refuses them as
   * "administratively prohibited", as OpenSSH does with {@code AllowTcpForwarding no}.
   */
  public void allowTcpForwarding(boolean allowed) {
    tcpForwarding = allowed;
  }

  /** How many sessions clients opened so far. */
  public int sessionsOpened() {
    return sessionsOpened.get();
  }

  /** Drops every client's session from the server side, as a restarted server or a cut network would. */
  public void dropSessions() {
    server().getActiveSessions().forEach(s -> s.close(true));
  }

  public int activeSessions() {
    return server().getActiveSessions().size();
  }

  @Override
  public void close() throws IOException {
    SshServer running = server;
    if (running != null) {
      running.stop(true);
    }
  }
}
