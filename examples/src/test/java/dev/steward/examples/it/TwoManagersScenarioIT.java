package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward run two-managers} as a process of its own. The lab's PostgreSQL service makes
 * sure Debian's server is installed; the scenario runs a cluster of its own.
 */
@RequiresLab(LabService.POSTGRES)
@DisplayName("steward run two-managers")
class TwoManagersScenarioIT {
  @TempDir
  Path temp;

  @Test
  @DisplayName("one of two managers leads; SIGKILL and SIGSTOP hand over, a stale term is refused, a database restart is survived")
  void theScenarioRuns() {
    StewardJar steward = new StewardJar(temp);

    StewardJar.Result result = steward.run(300, Map.of(), "run", "two-managers", "--dir", temp.resolve("run").toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).as(result.toString()).contains(
        "Exactly one acts: 2 nodes, one process each",
        "after the kill (lease 3 s",
        "is back, as a follower.",
        "woke up and stepped down by its own clock: No longer leading 'steward'",
        "is refused: ",
        "Both recovered: ",
        "Scenario 'two-managers' finished.");
    assertThat(result.out()).containsPattern("A write carrying term \\d+ of manager-[ab] in 'steward' .* is refused: .*term");
    assertThat(temp.resolve("run").resolve("manager-a.log")).as("--dir keeps the managers' output").exists();
  }
}
