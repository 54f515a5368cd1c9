package dev.steward.testsupport.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LabTest {
  @Test
  void findsEachScriptInTheRepositoryAboveTheModule() {
    for (LabService service : LabService.values()) {
      assertThat(Lab.findScript(service)).as(service.name()).satisfies(script -> {
        assertThat(Files.isRegularFile(script)).isTrue();
        assertThat(script.toString()).endsWith(service.script());
      });
    }
  }

  @Test
  void eachPieceKeepsItsFilesUnderTheLabDirectoryByDefault() {
    assertThat(LabService.SSHD.script()).isEqualTo("lab/sshd.sh");
    assertThat(LabService.HOST_CONTAINER.propertiesFile().getFileName()).hasToString("hosts.properties");
  }

  @Test
  void readsEveryHostAndTheFilesToLogInWithFromHostsProperties() throws IOException {
    Properties written = new Properties();
    written.load(new StringReader("""
        count=2
        user=root
        identity=/lab/id_ed25519
        known_hosts=/lab/known_hosts
        ssh_config=/lab/ssh_config
        host.1.name=steward-host-1
        host.1.container=steward-host-1
        host.1.address=127.0.0.1
        host.1.port=2231
        host.2.container=steward-host-2
        host.2.address=127.0.0.1
        host.2.port=2232
        """));

    HostContainers lab = HostContainers.from(written);

    assertThat(lab.hosts()).containsExactly(
        new HostContainers.Host(1, "steward-host-1", "127.0.0.1", 2231, "steward-host-1"),
        new HostContainers.Host(2, "steward-host-2", "127.0.0.1", 2232, "steward-host-2"));
    assertThat(lab.host(2).target()).isEqualTo("127.0.0.1:2232");
    assertThat(lab.user()).isEqualTo("root");
    assertThat(lab.identity()).isEqualTo(Path.of("/lab/id_ed25519"));
    assertThat(lab.knownHosts()).isEqualTo(Path.of("/lab/known_hosts"));
    assertThat(lab.sshConfig()).isEqualTo(Path.of("/lab/ssh_config"));
    assertThatThrownBy(() -> lab.host(3)).hasMessage(
        "The lab runs 2 host(s), not host 3; run lab/host-container.sh start with STEWARD_LAB_HOST_COUNT=3 or more");
  }

  @Test
  void aPropertiesFileOfAnOlderScriptSaysToStartTheLabAgain() throws IOException {
    Properties old = new Properties();
    old.load(new StringReader("count=1\nuser=root\nidentity=/i\nknown_hosts=/k\nhost.1.container=c\nhost.1.address=a\nhost.1.port=1\n"));

    assertThatThrownBy(() -> HostContainers.from(old)).hasMessage(
        "The lab's hosts.properties has no ssh_config; run lab/host-container.sh start again (it writes hosts.properties)");
  }
}
