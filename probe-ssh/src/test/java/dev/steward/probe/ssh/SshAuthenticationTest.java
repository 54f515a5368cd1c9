package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.Command;
import dev.steward.Settings;
import dev.steward.testsupport.Poll;
import dev.steward.testsupport.ssh.EmbeddedSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in with OpenSSH key files, encrypted ones, an ssh-agent and a password, against an embedded server. */
class SshAuthenticationTest {
  private static final String PASSPHRASE = "correct horse battery";

  @TempDir
  static Path dir;
  @RegisterExtension
  static final EmbeddedSshd sshd = EmbeddedSshd.perClass();

  @BeforeAll
  static void startServer() throws Exception {
    Path authorized = sshd.authorizedKeys();
    for (String type : List.of("ed25519", "ecdsa", "rsa")) {
      Keys.authorize(Keys.generate(dir, "id_" + type, type, ""), authorized);
    }
    Keys.authorize(Keys.generate(dir, "id_encrypted", "ed25519", PASSPHRASE), authorized);
    Keys.generate(dir, "id_stranger", "ed25519", "");
    Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n"
        + sshd.knownHostsLine().replace("[127.0.0.1]", "[localhost]") + "\n");
  }


  private static String whoAmI(Settings settings) {
    try (SshTransport transport = SshTransport.open(settings)) {
      return transport.run(sshd.host(), Command.of("printf", "%s", "logged in")).requireSuccess().stdout();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
  @DisplayName("logs in with an OpenSSH private key file of each kind")
  void logsInWithEachKeyKind(String type) {
    assertThat(whoAmI(TestSettings.isolated(dir).set(SshSettings.IDENTITY_FILES, dir.resolve("id_" + type).toString()).build()))
        .isEqualTo("logged in");
  }

  @Test
  @DisplayName("opens an encrypted key with the passphrase setting")
  void opensEncryptedKeyWithPassphrase() {
    assertThat(whoAmI(TestSettings.isolated(dir)
        .set(SshSettings.IDENTITY_FILES, dir.resolve("id_encrypted").toString())
        .set(SshSettings.PASSPHRASE, PASSPHRASE).build()))
        .isEqualTo("logged in");
  }

  @Test
  @DisplayName("asks the passphrase provider once for an encrypted key, even for many hosts")
  void asksThePassphraseProvider() {
    AtomicInteger asked = new AtomicInteger();
    List<Path> files = new ArrayList<>();
    PassphraseProvider provider = file -> {
      asked.incrementAndGet();
      files.add(file);
      return Optional.of(PASSPHRASE);
    };
    Settings settings = TestSettings.isolated(dir)
        .set(SshSettings.IDENTITY_FILES, dir.resolve("id_encrypted").toString())
        .set(SshSettings.PASSPHRASE_PROVIDER, provider).build();
    try (SshTransport transport = SshTransport.open(settings)) {
      transport.run(sshd.host(), Command.of("true")).requireSuccess();
      transport.closeIdleSessions();
      transport.run("localhost:" + sshd.port(), Command.of("true")).requireSuccess();
    }
    assertThat(sshd.sessionsOpened()).isGreaterThanOrEqualTo(2);
    assertThat(asked).hasValue(1);
    assertThat(files).containsExactly(dir.resolve("id_encrypted"));
  }

  @Test
  @DisplayName("refuses an encrypted key without its passphrase and says so")
  void explainsEncryptedKeyWithoutPassphrase() {
    SshAuthenticationException e = catchThrowableOfType(() -> whoAmI(TestSettings.isolated(dir)
        .set(SshSettings.IDENTITY_FILES, dir.resolve("id_encrypted").toString()).build()), SshAuthenticationException.class);

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(FailureReason.AUTH_FAILED);
    assertThat(e.getMessage()).contains(sshd.host(), "id_encrypted", "encrypted and no passphrase was given", "steward.ssh.passphrase");
  }

  @Test
  @DisplayName("refuses a wrong passphrase without showing it")
  void refusesWrongPassphrase() {
    SshAuthenticationException e = catchThrowableOfType(() -> whoAmI(TestSettings.isolated(dir)
        .set(SshSettings.IDENTITY_FILES, dir.resolve("id_encrypted").toString())
        .set(SshSettings.PASSPHRASE, "wrong-secret-4711").build()), SshAuthenticationException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("id_encrypted", "the passphrase given did not open it").doesNotContain("wrong-secret-4711");
  }

  @Test
  @DisplayName("fails with the host, the user and the keys offered when the server knows none of them")
  void failsWithWrongKey() {
    SshAuthenticationException e = catchThrowableOfType(() -> whoAmI(TestSettings.isolated(dir)
        .set(SshSettings.IDENTITY_FILES, dir.resolve("id_stranger").toString()).build()), SshAuthenticationException.class);

    assertThat(e).isNotNull();
    assertThat(e.host()).isEqualTo(sshd.host());
    assertThat(e.user()).isEqualTo(System.getProperty("user.name"));
    assertThat(e.offered()).containsExactly(dir.resolve("id_stranger").toString());
    assertThat(e.getMessage()).contains(sshd.host(), "accepted none of", "id_stranger", "authorized_keys");
  }

  @Test
  @DisplayName("logs in with a password only when one is given, and never shows it")
  void logsInWithPasswordOnlyWhenGiven() {
    String host = EmbeddedSshd.PASSWORD_USER + "@" + sshd.host();
    try (SshTransport transport = SshTransport.open(TestSettings.isolated(dir).set(SshSettings.PASSWORD, EmbeddedSshd.PASSWORD).build())) {
      assertThat(transport.run(host, Command.of("printf", "hi")).stdout()).isEqualTo("hi");
    }
    try (SshTransport transport = SshTransport.open(TestSettings.isolated(dir).build())) {
      SshAuthenticationException e = catchThrowableOfType(() -> transport.run(host, Command.of("true")), SshAuthenticationException.class);
      assertThat(e).isNotNull();
      assertThat(e.user()).isEqualTo(EmbeddedSshd.PASSWORD_USER);
      assertThat(e.offered()).isEmpty();
    }
    try (SshTransport transport = SshTransport.open(TestSettings.isolated(dir).set(SshSettings.PASSWORD, "not-the-pw-4711").build())) {
      SshAuthenticationException e = catchThrowableOfType(() -> transport.run(host, Command.of("true")), SshAuthenticationException.class);
      assertThat(e).isNotNull();
      assertThat(e.offered()).containsExactly("a password");
      assertThat(e.getMessage()).doesNotContain("not-the-pw-4711");
    }
  }

  @Test
  @DisplayName("masks the password and passphrase when settings are printed")
  void masksSecrets() {
    Settings settings = TestSettings.isolated(dir).set(SshSettings.PASSWORD, "hunter2-4711").set(SshSettings.PASSPHRASE, "pp-4711").build();

    assertThat(settings.toString()).contains("steward.ssh.password=****", "steward.ssh.passphrase=****")
        .doesNotContain("hunter2-4711", "pp-4711");
  }

  @Test
  @DisplayName("takes keys from a running ssh-agent")
  void usesTheAgent() throws Exception {
    Path socket = Path.of("/tmp", "steward-agent-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000);
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
    try {
      Poll.within(Duration.ofSeconds(10)).await("ssh-agent's socket " + socket, () -> Files.exists(socket));
      ProcessBuilder add = new ProcessBuilder("ssh-add", dir.resolve("id_ecdsa").toString()).redirectErrorStream(true);
      add.environment().putAll(Map.of("SSH_AUTH_SOCK", socket.toString()));
      Process adding = add.start();
      assertThat(adding.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(adding.exitValue()).as(new String(adding.getInputStream().readAllBytes())).isZero();

      assertThat(whoAmI(TestSettings.isolated(dir).set(SshSettings.AGENT, socket.toString()).build())).isEqualTo("logged in");
    } finally {
      agent.destroy();
      agent.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(socket);
    }
  }
}
