package dev.steward.testsupport.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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
}
