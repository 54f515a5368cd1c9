package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with several host keys (every stock Debian sshd has ed25519, ecdsa and rsa) shows the
 * one the client asks for first. Like OpenSSH, the transport asks first for the key types
 * known_hosts lists for that host, so whichever one the file holds is the one checked.
 */
class HostKeyOrderTest {
  @TempDir
  static Path dir;
  private static EmbeddedSshd sshd;
  private static Path key;
  private static KeyPair ed25519;
  private static KeyPair ecdsa;
  private static KeyPair rsa;

  @BeforeAll
  static void startServer() throws Exception {
    key = Keys.generate(dir, "id_ed25519", "ed25519", "");
    Keys.authorize(key, dir.resolve("authorized_keys"));
    ed25519 = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    ecdsa = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
    rsa = KeyUtils.generateKeyPair("ssh-rsa", 2048);
    // The server's own preference does not decide: the client's proposal order does.
    sshd = EmbeddedSshd.startWithHostKeys(List.of(rsa, ecdsa, ed25519), dir.resolve("authorized_keys"));
  }

  @AfterAll
  static void stopServer() throws Exception {
    sshd.close();
  }

  private String runKnowing(KeyPair... listed) throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    StringBuilder lines = new StringBuilder();
    for (KeyPair pair : listed) {
      lines.append(sshd.knownHostsLine(pair.getPublic())).append('\n');
    }
    Files.writeString(knownHosts, lines);
    try (SshTransport transport = SshTransport.open(TestSettings.isolated(dir)
        .set(SshSettings.IDENTITY_FILES, key.toString()).build())) {
      return transport.run(sshd.host(), Command.of("printf", "in")).requireSuccess().stdout();
    }
  }

  @Test
  @DisplayName("a host known only by its ecdsa key is checked with that key, though ed25519 comes first otherwise")
  void onlyEcdsaKnown() throws Exception {
    assertThat(runKnowing(ecdsa)).isEqualTo("in");
  }

  @Test
  @DisplayName("a host known only by its rsa key is checked with that key (through rsa-sha2-512)")
  void onlyRsaKnown() throws Exception {
    assertThat(runKnowing(rsa)).isEqualTo("in");
  }

  @Test
  @DisplayName("a host known only by its ed25519 key, as OpenSSH writes known_hosts, is checked with that key")
  void onlyEd25519Known() throws Exception {
    assertThat(runKnowing(ed25519)).isEqualTo("in");
  }

  @Test
  @DisplayName("accept-new records the ed25519 key, the one OpenSSH would record for the same server")
  void acceptNewRecordsEd25519() throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    Files.deleteIfExists(knownHosts);
    try (SshTransport transport = SshTransport.open(TestSettings.isolated(dir)
        .set(SshSettings.IDENTITY_FILES, key.toString()).set(SshSettings.HOST_KEY_POLICY, "accept-new").build())) {
      transport.run(sshd.host(), Command.of("true")).requireSuccess();
    }

    assertThat(Files.readAllLines(knownHosts)).containsExactly(sshd.knownHostsLine(ed25519.getPublic()));
  }
}
