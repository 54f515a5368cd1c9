package dev.steward.examples.drift;

import dev.steward.mount.ProjectConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProjectFileTest {
  private static final Path FILE = Path.of("/conf/projects.yml");
  private static final String GOOD = """
      server:
        host: 127.0.0.1
        port: 2231
        identity: keys/id_ed25519
        known_hosts: /conf/known_hosts
        source_root: /srv/projects
        pip_install_options: [--no-build-isolation]
      client: alpha
      projects:
        - name: demo
          source: /srv/projects/demo
          mounts:
            - {source: /srv/projects/demo/etc/demo.yml, target: /etc/demo.yml}
      """;

  @Test
  void readsAConfigurationWithDefaultsAndPathsFromTheFilesFolder() {
    ProjectConfig config = ProjectFile.parse(FILE, GOOD);
    assertThat(config.client()).isEqualTo("alpha");
    assertThat(config.server().host()).isEqualTo("127.0.0.1:2231");
    assertThat(config.server().user()).isEqualTo("root");
    assertThat(config.server().identity()).isEqualTo(Path.of("/conf/keys/id_ed25519"));
    assertThat(config.server().cleanupDir()).isEqualTo("/var/lib/steward-drift");
    assertThat(config.server().pipInstallOptions()).containsExactly("--no-build-isolation");
    assertThat(config.project("demo").orElseThrow().mounts())
        .containsExactly(new ProjectConfig.BindMount("/srv/projects/demo/etc/demo.yml", "/etc/demo.yml"));
  }

  @Test
  void namesTheLineAndFieldOfAnUnknownField() {
    assertThatThrownBy(() -> ProjectFile.parse(FILE, GOOD.replace("  port: 2231", "  prot: 2231")))
        .isInstanceOf(ProjectFileException.class)
        .hasMessageContaining("line 3").hasMessageContaining("unknown field 'prot'").hasMessageContaining("port");
  }

  @Test
  void refusesPathsAndNamesThatCouldReachAShellOrLeaveTheProject() {
    assertThatThrownBy(() -> ProjectFile.parse(FILE, GOOD.replace("target: /etc/demo.yml", "target: '/etc/$(reboot)'")))
        .isInstanceOf(ProjectFileException.class).hasMessageContaining("mount target").hasMessageContaining("line 14").hasMessageContaining("projects[0]");
    assertThatThrownBy(() -> ProjectFile.parse(FILE, GOOD.replace("target: /etc/demo.yml", "target: /etc/../root/x")))
        .isInstanceOf(ProjectFileException.class).hasMessageContaining("'..'");
    assertThatThrownBy(() -> ProjectFile.parse(FILE, GOOD.replace("name: demo", "name: 'de mo'")))
        .isInstanceOf(ProjectFileException.class).hasMessageContaining("project name 'de mo' is not valid");
    assertThatThrownBy(() -> ProjectFile.parse(FILE, GOOD.replace("{source: /srv/projects/demo/etc", "{source: /etc")))
        .isInstanceOf(ProjectFileException.class).hasMessageContaining("is not in the project's source");
    assertThatThrownBy(() -> ProjectFile.parse(FILE, GOOD.replace("[--no-build-isolation]", "['--index-url=x; rm -rf /']")))
        .isInstanceOf(ProjectFileException.class).hasMessageContaining("is not a pip option");
  }

  @Test
  void refusesTwoProjectsOfOneNameAndMissingParts() {
    String twice = GOOD + "  - name: demo\n    source: /srv/projects/demo2\n";
    assertThatThrownBy(() -> ProjectFile.parse(FILE, twice)).isInstanceOf(ProjectFileException.class)
        .hasMessageContaining("projects[1].name").hasMessageContaining("two projects are named 'demo'");
    assertThatThrownBy(() -> ProjectFile.parse(FILE, "projects: []\n")).hasMessageContaining("'server' is missing");
    assertThatThrownBy(() -> ProjectFile.parse(FILE, GOOD.replace("  identity: keys/id_ed25519\n", "")))
        .hasMessageContaining("(server.identity)");
    assertThatThrownBy(() -> ProjectFile.parse(FILE, "")).hasMessageContaining("the file is empty");
  }
}
