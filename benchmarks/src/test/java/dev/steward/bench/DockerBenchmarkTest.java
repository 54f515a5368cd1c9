package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.observe.OutputParseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the docker benchmark does without an engine; with one, it is run by hand (see the README). */
class DockerBenchmarkTest {
  @Test
  @DisplayName("without a docker command, the benchmark says how to start the lab's engine and touches nothing")
  void withoutDockerItSaysHowToStartTheEngine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(List.of("docker", "--docker", "/nonexistent/docker"), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("docker benchmark: cannot run the docker command '/nonexistent/docker'",
        "sudo lab/docker-images.sh start");
    assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing measured, nothing removed").isEmpty();
  }

  @Test
  void unknownOptionsAreRefusedByName() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(List.of("docker", "--units", "3"), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--units' for the docker benchmark", "docker [--containers 50]");
  }

  @Test
  void containerCountsOutsideTheRangeAreRefused() {
    assertThatThrownBy(() -> DockerBenchmark.Options.parse(List.of("--containers", "0")))
        .hasMessage("--containers needs a whole number from 1 to 500, got 0");
    assertThatThrownBy(() -> DockerBenchmark.Options.parse(List.of("--image")))
        .hasMessageStartingWith("--image needs an image the engine has");
    assertThat(DockerBenchmark.Options.parse(List.of("--containers", "7", "--store", "memory")))
        .isEqualTo(new DockerBenchmark.Options(7, 30, true, "steward/busybox:test", "docker"));
  }

  @Test
  @DisplayName("the anchor's docker ps is the docker manager's: the instance's label, every state, full ids, no sizes, JSON lines")
  void anchorListsTheInstanceAsTheManagerDoes() {
    DockerAnchor anchor = new DockerAnchor("docker", "bench-docker", 2);

    assertThat(anchor.psArgv()).containsExactly("docker", "ps", "-a", "--filter", "label=dev.steward.instance=bench-docker",
        "--no-trunc", "--size=false", "--format", "{{json .}}");
    assertThat(anchor.inspectArgv(List.of("a1", "b2"))).containsExactly("docker", "inspect", "--type", "container", "--", "a1", "b2");
  }

  @Test
  void anchorReadsTheIdsOfRealDockerPsOutput() throws IOException {
    String ps;
    try (InputStream in = DockerBenchmarkTest.class.getResourceAsStream("docker-ps.jsonl")) {
      ps = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(DockerAnchor.ids(ps)).containsExactly("5af429955c5c79ac9926b2f50760f4e32df18ce1ad8c6f4df5f287b33382c01e",
        "6a3e1dfc860a67d747911f959dcef8f7a849853854fc6c33e3fba4a06ff17973");
    assertThat(DockerAnchor.ids("")).isEmpty();
    assertThatThrownBy(() -> DockerAnchor.ids("Cannot connect to the Docker daemon")).isInstanceOf(OutputParseException.class);
  }
}
