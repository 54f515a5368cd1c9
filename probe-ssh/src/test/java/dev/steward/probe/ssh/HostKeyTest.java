package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.Command;
import dev.steward.testsupport.ssh.EmbeddedSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Host keys are checked against an OpenSSH known_hosts file: unknown, accept-new, changed, hashed, [host]:port. */
class HostKeyTest {
  @TempDir
  static Path dir;
  @RegisterExtension
  static final EmbeddedSshd sshd = EmbeddedSshd.perClass();
  private static Path key;
  private Path knownHosts;

  @BeforeAll
  static void startServer() throws Exception {
    key = Keys.generate(dir, "id_ed25519", "ed25519", "");
    Keys.authorize(key, sshd.authorizedKeys());
  }


  @BeforeEach
  void freshKnownHosts() throws Exception {
    knownHosts = dir.resolve("known_hosts");
    Files.deleteIfExists(knownHosts);
  }

  private SshTransport transport(String policy) {
    return SshTransport.open(TestSettings.isolated(dir)
        .set(SshSettings.IDENTITY_FILES, key.toString())
        .set(SshSettings.HOST_KEY_POLICY, policy).build());
  }

  private String run(String policy) {
    try (SshTransport transport = transport(policy)) {
      return transport.run(sshd.host(), Command.of("printf", "in")).requireSuccess().stdout();
    }
  }

  @Test
  @DisplayName("refuses an unknown host by default, showing its SHA256 fingerprint and how to accept it")
  void refusesUnknownHost() throws Exception {
    HostKeyUnknownException e = catchThrowableOfType(() -> run("strict"), HostKeyUnknownException.class);

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(FailureReason.HOST_KEY_UNKNOWN);
    assertThat(e.host()).isEqualTo(sshd.host());
    assertThat(e.fingerprint()).isEqualTo(sshd.hostKeyFingerprint()).startsWith("SHA256:");
    assertThat(e.getMessage()).contains(sshd.hostKeyFingerprint(), "steward.ssh.host-key-policy=accept-new",
        "ssh-keyscan -p " + sshd.port() + " -t ecdsa 127.0.0.1 >> " + knownHosts);
    assertThat(knownHosts).doesNotExist();
  }

  @Test
  @DisplayName("with accept-new trusts a new host and writes it to known_hosts, where strict then finds it")
  void acceptNewWritesTheHost() throws Exception {
    assertThat(run("accept-new")).isEqualTo("in");

    assertThat(Files.readAllLines(knownHosts)).containsExactly(sshd.knownHostsLine());
    assertThat(Files.getPosixFilePermissions(knownHosts)).containsExactlyInAnyOrder(
        java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(run("strict")).isEqualTo("in");
    assertThat(run("accept-new")).isEqualTo("in");
    assertThat(Files.readAllLines(knownHosts)).hasSize(1);
  }

  @Test
  @DisplayName("refuses a changed host key even with accept-new, showing both fingerprints and the known_hosts line")
  void refusesChangedKey() throws Exception {
    Path otherKey = dir.resolve("other-hostkey");
    String otherLine;
    try (EmbeddedSshd other = EmbeddedSshd.start(otherKey, sshd.authorizedKeys(), 0)) {
      otherLine = other.knownHostsLine().replace("]:" + other.port(), "]:" + sshd.port());
      String otherFingerprint = other.hostKeyFingerprint();
      Files.writeString(knownHosts, "# a comment\n" + otherLine + "\n");

      for (String policy : List.of("strict", "accept-new")) {
        HostKeyChangedException e = catchThrowableOfType(() -> run(policy), HostKeyChangedException.class);

        assertThat(e).as(policy).isNotNull();
        assertThat(e.reason()).isEqualTo(FailureReason.HOST_KEY_CHANGED);
        assertThat(e.expectedFingerprint()).isEqualTo(otherFingerprint);
        assertThat(e.actualFingerprint()).isEqualTo(sshd.hostKeyFingerprint());
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains(sshd.host(), otherFingerprint, sshd.hostKeyFingerprint(), otherLine, "line 2",
            "ssh-keygen -R");
      }
    }
    assertThat(Files.readString(knownHosts)).isEqualTo("# a comment\n" + otherLine + "\n");
  }

  @Test
  @DisplayName("matches hashed known_hosts entries as ssh-keygen -H writes them")
  void matchesHashedEntries() throws Exception {
    Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
    Keys.run(List.of("ssh-keygen", "-H", "-f", knownHosts.toString()));
    assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain("127.0.0.1");

    assertThat(run("strict")).isEqualTo("in");
  }

  @Test
  @DisplayName("keeps ports apart: an entry for the bare host is for port 22 only")
  void keepsPortsApart() throws Exception {
    Files.writeString(knownHosts, sshd.knownHostsLine().replace("[127.0.0.1]:" + sshd.port(), "127.0.0.1") + "\n"
        + sshd.knownHostsLine().replace("]:" + sshd.port(), "]:" + (sshd.port() + 1)) + "\n");

    HostKeyUnknownException e = catchThrowableOfType(() -> run("strict"), HostKeyUnknownException.class);

    assertThat(e).isNotNull();
  }

  @Test
  @DisplayName("refuses a key known_hosts marks @revoked")
  void refusesRevokedKey() throws Exception {
    Files.writeString(knownHosts, "@revoked " + sshd.knownHostsLine() + "\n" + sshd.knownHostsLine() + "\n");

    SshConnectionException e = catchThrowableOfType(() -> run("accept-new"), SshConnectionException.class);

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(FailureReason.HOST_KEY_CHANGED);
    assertThat(e.getMessage()).contains("@revoked", "line 1");
  }

  @Test
  @DisplayName("does not let accept-new add a key of another type for a host known by other keys")
  void refusesNewKeyTypeForKnownHost() throws Exception {
    Path ed = Keys.generate(dir, "fake_host_ed25519_" + System.nanoTime(), "ed25519", "");
    String edLine = "[127.0.0.1]:" + sshd.port() + " " + Files.readString(Path.of(ed + ".pub")).strip();
    Files.writeString(knownHosts, edLine + "\n");

    HostKeyUnknownException e = catchThrowableOfType(() -> run("accept-new"), HostKeyUnknownException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("lists only ssh-ed25519 keys for this host");
    assertThat(Files.readString(knownHosts)).isEqualTo(edLine + "\n");
  }
}
