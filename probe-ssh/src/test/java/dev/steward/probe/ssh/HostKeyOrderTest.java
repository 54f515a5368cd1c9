package dev.steward.probe.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Command;
import dev.steward.testsupport.ssh.EmbeddedSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with several host keys (every stock Debian sshd has ed25519, ecdsa and rsa) shows the
 * one the client asks for first. Like OpenSSH, the transport asks first for the key types
 * known_hosts lists for that host, so whichever one the file holds is the one checked.
 */
class HostKeyOrderTest {
  @TempDir
  static Path dir;
  private static final KeyPair ed25519 = generate("ssh-ed25519", 256);
  private static final KeyPair ecdsa = generate("ecdsa-sha2-nistp256", 256);
  private static final KeyPair rsa = generate("ssh-rsa", 2048);
  // The server's own preference does not decide: the client's proposal order does.
  @RegisterExtension
  static final EmbeddedSshd sshd = EmbeddedSshd.perClassWithHostKeys(List.of(rsa, ecdsa, ed25519));
  private static Path key;

  @BeforeAll
  static void authorizeKey() throws Exception {
    key = Keys.generate(dir, "id_ed25519", "ed25519", "");
    Keys.authorize(key, sshd.authorizedKeys());
  }

  private static KeyPair generate(String type, int bits) {
    try {
      return KeyUtils.generateKeyPair(type, bits);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("Cannot make a " + type + " host key", e);
    }
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
