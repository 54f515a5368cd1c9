package dev.steward.probe.ssh;

import dev.steward.Settings;
import dev.steward.testkit.contract.TransportContract;
import dev.steward.testsupport.ssh.EmbeddedSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The transport contract, run over SSH against an embedded Apache SSHD server. */
class SshTransportContractTest extends TransportContract {
  @TempDir
  static Path dir;
  @RegisterExtension
  static final EmbeddedSshd sshd = EmbeddedSshd.perClass();
  private static Path key;

  @BeforeAll
  static void startServer() throws Exception {
    key = Keys.generate(dir, "id_ed25519", "ed25519", "");
    Keys.authorize(key, sshd.authorizedKeys());
    Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
  }


  @Override
  protected String providerId() {
    return "ssh";
  }

  @Override
  protected Settings.Builder settings() {
    return TestSettings.isolated(dir).set(SshSettings.IDENTITY_FILES, key.toString());
  }

  @Override
  protected String host() {
    return sshd.host();
  }

  @Override
  protected String unreachableHost() {
    return "127.0.0.1:1";
  }

  @Override
  protected boolean reachesThisMachinesLoopback() {
    return true;
  }
}
