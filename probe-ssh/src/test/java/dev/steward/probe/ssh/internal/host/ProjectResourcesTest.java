package dev.steward.probe.ssh.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ObservedResource;
import dev.steward.observe.EditableInstall;
import dev.steward.observe.Findmnt;
import dev.steward.observe.Mount;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectResourcesTest {
  /** findmnt --json in the lab's host container after 'drift mount demo' (reformatted, cut to what matters). */
  private static final String FINDMNT = """
      {"filesystems": [{"target": "/", "source": "overlay", "fstype": "overlay", "options": "rw,relatime",
        "children": [
          {"target": "/proc", "source": "proc", "fstype": "proc", "options": "rw"},
          {"target": "/etc/hosts", "source": "/dev/vda[/var/lib/docker/containers/abc/hosts]", "fstype": "ext4", "options": "rw"},
          {"target": "/etc/demo.yml", "source": "overlay[/srv/projects/demo/etc/demo.yml]", "fstype": "overlay", "options": "rw"},
          {"target": "/opt/demo/etc", "source": "overlay[/srv/projects/demo/etc]", "fstype": "overlay", "options": "rw"},
          {"target": "/mnt/x", "source": "overlay[/srv/projects/other/conf]", "fstype": "overlay", "options": "rw"},
          {"target": "/mnt/y", "source": "overlay[/srv/projects/bad name/conf]", "fstype": "overlay", "options": "rw"}
        ]}]}
      """;

  private static final List<EditableInstall> EDITABLES = List.of(
      new EditableInstall("demo", "0.1", "/srv/projects/demo", Optional.of("/usr/local/lib/python3.11/dist-packages"), Optional.of("pip")),
      new EditableInstall("elsewhere", "1.0", "/home/me/elsewhere", Optional.empty(), Optional.empty()));

  @Test
  void groupsEditablesAndBindMountsByProjectUnderTheSourceRoot() {
    List<Mount> mounts = Findmnt.parseJson(FINDMNT);
    ProjectResources.Result result = ProjectResources.of("h1", Optional.of("/srv/projects"), Map.of(), EDITABLES, mounts);

    assertThat(result.projects()).extracting(r -> r.key().name()).containsExactly("demo", "other");
    ObservedResource demo = result.projects().get(0);
    assertThat(demo.key().kind()).isEqualTo("project");
    assertThat(demo.key().host()).isEqualTo("h1");
    assertThat(demo.parts()).containsExactly("editable", "mount:/etc/demo.yml", "mount:/opt/demo/etc");
    assertThat(demo.attributes()).containsEntry("version", "0.1").containsEntry("location", "/srv/projects/demo")
        .containsEntry("mount:/etc/demo.yml", "/srv/projects/demo/etc/demo.yml").containsEntry("mounts", "2")
        .containsEntry("source_path", "/srv/projects/demo");
    assertThat(result.projects().get(1).parts()).containsExactly("mount:/mnt/x");
    assertThat(result.skipped()).singleElement().asString().contains("bad name");
  }

  @Test
  void namedProjectsWinWhereverTheyLive() {
    List<Mount> mounts = Findmnt.parseJson(FINDMNT);
    ProjectResources.Result result = ProjectResources.of("h1", Optional.empty(),
        Map.of("mine", "/home/me/elsewhere", "demo-conf", "/srv/projects/demo/etc"), EDITABLES, mounts);
    assertThat(result.projects()).extracting(r -> r.key().name()).containsExactly("demo-conf", "mine");
    assertThat(result.projects().get(0).parts()).containsExactly("mount:/etc/demo.yml", "mount:/opt/demo/etc");
    assertThat(result.projects().get(1).parts()).containsExactly("editable");
  }

  @Test
  void resolvesABindSourceThroughTheMountOfItsFileSystem() {
    List<Mount> table = List.of(
        new Mount("/", "/dev/vda", "/", "ext4", List.of()),
        new Mount("/srv", "/dev/vdb", "/", "ext4", List.of()),
        new Mount("/etc/app.yml", "/dev/vdb", "/projects/app/app.yml", "ext4", List.of()));
    assertThat(ProjectResources.sourceOf(table.get(2), table)).contains("/srv/projects/app/app.yml");
    assertThat(ProjectResources.isUnder("/srv/ab", "/srv/a")).isFalse();
    assertThat(ProjectResources.isUnder("/srv/a/b", "/srv/a/")).isTrue();
  }
}
