package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward run mount-drift} against the lab's first host container, as a process of its own. */
@RequiresLab(LabService.HOST_CONTAINER)
@DisplayName("steward run mount-drift")
class MountDriftScenarioIT {
  @TempDir
  Path temp;

  @Test
  @DisplayName("mounts, loses its state, cleans, mounts half, and unmounts without state, each step checked on the server")
  void theScenarioRuns() {
    StewardJar steward = new StewardJar(temp);

    StewardJar.Result result = steward.run(300, Map.of(), "run", "mount-drift", "--dir", temp.resolve("run").toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).as(result.toString()).contains(
        "show: mount-demo is OK, local state MOUNTED",
        "show: mount-demo is ORPHAN, local state (none)",
        "would clean mount-demo (orphan on ",
        "show: mount-demo is PARTIAL, local state MOUNTED",
        "already mounted (pip editable); bind mount already present: /etc/steward-demo/mount-demo.yml",
        "REMOVE mount-demo: unmounted mount-demo on ",
        "Scenario 'mount-drift' finished.");
    assertThat(result.out().lines().filter(l -> l.strip().startsWith("on the server: ")).toList())
        .last().isEqualTo("   on the server: (none), (none), (none), (none)");
    assertThat(temp.resolve("run").resolve("projects.yml")).as("--dir keeps the configuration").exists();
  }
}
