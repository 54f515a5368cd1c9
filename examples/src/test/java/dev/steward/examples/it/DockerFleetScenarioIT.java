package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward run docker-fleet} on this machine's engine, as {@code local} and over the lab's loopback sshd. */
@RequiresLab({LabService.SSHD, LabService.DOCKER})
@DisplayName("steward run docker-fleet")
class DockerFleetScenarioIT {
  @TempDir
  Path temp;

  @Test
  @DisplayName("tells its whole story on local and over ssh and leaves no container behind")
  void theScenarioRuns() {
    StewardJar steward = new StewardJar(temp);

    StewardJar.Result result = steward.run(600, Map.of(), "run", "docker-fleet");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).as(result.toString()).contains(
        "docker-over-ssh: client ", "local$ docker kill ", "docker-over-ssh$ docker kill ", "The stranger is untouched",
        "went: 100 records, the fewest scraped on docker-over-ssh", "web-1 answers: web-1 2.0", "pair-1 runs again",
        "0 container(s) with the instance's label left", "Scenario 'docker-fleet' finished.");
    assertThat(docker("ps", "-aq", "--filter", "label=dev.steward.instance=demo")).as("the scenario's containers").isEmpty();
  }

  private static List<String> docker(String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("docker"));
    argv.addAll(List.of(args));
    return DockerCommand.docker(argv).lines().filter(l -> !l.isBlank()).toList();
  }
}
