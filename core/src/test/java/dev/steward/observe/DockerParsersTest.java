package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link DockerPs} and {@link DockerInspect} on one running, one created and one exited container. */
class DockerParsersTest {
  private static final String RUNNING_ID = "5e28b075cab15bd5fe7383b79458ba16857be7c0253f87a528295de54b38b9a6";
  private static final Instant CREATED = Instant.parse("2026-11-22T06:13:47Z");

  @Test
  void readsTheCliJsonLines() {
    List<ContainerSummary> containers = DockerPs.parse(Samples.read("docker/ps-all.jsonl"));

    assertThat(containers).extracting(ContainerSummary::id, ContainerSummary::names, ContainerSummary::state, ContainerSummary::running)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("8c6246102925", List.of("steward-parse-exited"), "exited", false),
            org.assertj.core.groups.Tuple.tuple("ebe2088e32c8", List.of("steward-parse-created"), "created", false),
            org.assertj.core.groups.Tuple.tuple("5e28b075cab1", List.of("steward-parse-run"), "running", true));
    ContainerSummary exited = containers.get(0);
    assertThat(exited.image()).isEqualTo("steward/sleep:test");
    assertThat(exited.status()).isEqualTo("Exited (3) 3 seconds ago");
    assertThat(exited.labels()).isEmpty();
    assertThat(exited.created()).contains(CREATED);
    assertThat(containers.get(1).labels()).isEqualTo(Map.of("steward.owner", "parsers"));
    // The CLI joins labels with commas, so the value "a,b=c" cannot be told from two labels: the documented limit.
    assertThat(containers.get(2).labels()).isEqualTo(Map.of("steward.note", "a", "b", "c", "steward.owner", "parsers"));
  }

  @Test
  void readsFullIdsAndTheEngineApiList() {
    assertThat(DockerPs.parse(Samples.read("docker/ps-all-no-trunc.jsonl"))).extracting(ContainerSummary::id).contains(RUNNING_ID);

    List<ContainerSummary> api = DockerPs.parse(Samples.read("docker/api-containers-json.json"));
    assertThat(api).extracting(ContainerSummary::names).containsExactly(
        List.of("steward-parse-exited"), List.of("steward-parse-created"), List.of("steward-parse-run"));
    assertThat(api.get(2)).isEqualTo(new ContainerSummary(RUNNING_ID, List.of("steward-parse-run"), "steward/sleep:test", "running",
        "Up 12 seconds", Map.of("steward.note", "a,b=c", "steward.owner", "parsers"), Optional.of(CREATED)));
  }

  @Test
  void noOutputIsNoContainers() {
    assertThat(DockerPs.parse(Samples.read("docker/ps-none.jsonl"))).isEmpty();
    assertThat(DockerPs.parse("\n")).isEmpty();
    assertThat(DockerInspect.parse(Samples.read("docker/inspect-missing.json"))).isEmpty();
  }

  @Test
  void takesTheStateFromTheStatusWhenAnOldCliPrintsNone() {
    String line = "{\"ID\":\"8c6246102925\",\"Names\":\"a,b/alias\",\"Image\":\"x\",\"Status\":\"Up 2 hours (Paused)\",\"Labels\":\"k=,flag\"}";

    ContainerSummary summary = DockerPs.parse(line).get(0);
    assertThat(summary.state()).isEqualTo("paused");
    assertThat(summary.names()).containsExactly("a", "b/alias");
    assertThat(summary.labels()).isEqualTo(Map.of("k", ",flag"));
    assertThat(summary.created()).isEmpty();
    assertThat(DockerPs.parse(line.replace("Up 2 hours (Paused)", "Exited (137) 5 minutes ago")).get(0).state()).isEqualTo("exited");
  }

  @Test
  void readsInspectOfRunningCreatedAndExitedContainers() {
    List<ContainerDetails> containers = DockerInspect.parse(Samples.read("docker/inspect.json"));

    assertThat(containers).hasSize(3);
    ContainerDetails running = containers.get(0);
    assertThat(running.id()).isEqualTo(RUNNING_ID);
    assertThat(running.name()).isEqualTo("steward-parse-run");
    assertThat(running.image()).isEqualTo("steward/sleep:test");
    assertThat(running.imageId()).isEqualTo("sha256:b79eed533fcf2c4ea77a3fd31845e69d63bc953631a6979c1c6e5ac30a4ab3d8");
    assertThat(running.created()).isEqualTo(Instant.parse("2026-11-22T06:13:47.707490456Z"));
    assertThat(running.status()).isEqualTo("running");
    assertThat(running.running()).isTrue();
    assertThat(running.pid()).isEqualTo(OptionalLong.of(29414));
    assertThat(running.startedAt()).contains(Instant.parse("2026-11-22T06:13:47.834868587Z"));
    assertThat(running.finishedAt()).isEmpty();
    assertThat(running.labels()).isEqualTo(Map.of("steward.note", "a,b=c", "steward.owner", "parsers"));
    assertThat(running.mounts()).containsExactly(
        new ContainerDetails.MountPoint("bind", "/tmp/pm/srcb", "/data", false, Optional.empty()));

    ContainerDetails created = containers.get(1);
    assertThat(created.status()).isEqualTo("created");
    assertThat(created.pid()).isEmpty();
    assertThat(created.startedAt()).isEmpty();
    assertThat(created.finishedAt()).isEmpty();

    ContainerDetails exited = containers.get(2);
    assertThat(exited.status()).isEqualTo("exited");
    assertThat(exited.running()).isFalse();
    assertThat(exited.exitCode()).isEqualTo(3);
    assertThat(exited.finishedAt()).contains(Instant.parse("2026-11-22T06:13:48.008070494Z"));
    assertThat(exited.restartCount()).isZero();
  }

  @Test
  void explainsWhatIsWrong() {
    assertThatThrownBy(() -> DockerPs.parse("CONTAINER ID   IMAGE   COMMAND\n"))
        .isInstanceOf(OutputParseException.class)
        .hasMessageStartingWith("Cannot read the output of docker ps --format '{{json .}}' at line 1: expected one JSON object per container");
    assertThatThrownBy(() -> DockerPs.parse("{\"ID\":\"zz\",\"Names\":\"a\",\"Image\":\"x\",\"Status\":\"Up\"}"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("line 1: expected a container id of 12 or 64 hex digits, found 'zz'");
    assertThatThrownBy(() -> DockerPs.parse("{\"ID\":\"8c6246102925\",\"Names\":\"a\",\"Image\":\"x\",\"Status\":\"Up\",\"CreatedAt\":\"today\"}"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("expected \"CreatedAt\" like '2026-11-22 06:13:47 +0000 UTC'");
    assertThatThrownBy(() -> DockerInspect.parse("{}"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("the document: expected a JSON array, found an object");
    String inspect = Samples.read("docker/inspect.json");
    assertThatThrownBy(() -> DockerInspect.parse(inspect.replaceFirst("\"StartedAt\": \"[^\"]*\"", "\"StartedAt\": \"soon\"")))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("container 1.State.StartedAt: expected an RFC 3339 time");
    assertThatThrownBy(() -> DockerInspect.parse(inspect.replaceFirst("\"Running\": true", "\"Running\": \"yes\"")))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("expected \"Running\" to be true or false, found the string \"yes\"");
  }

  @Property(tries = 1000)
  void anyTextGivesContainersOrAParseErrorFromPs(@ForAll("psGarbage") String text) {
    Garbage.resultOrParseError(DockerPs::parse, text);
  }

  @Property(tries = 1000)
  void anyTextGivesContainersOrAParseErrorFromInspect(@ForAll("inspectGarbage") String text) {
    Garbage.resultOrParseError(DockerInspect::parse, text);
  }

  @Provide
  Arbitrary<String> psGarbage() {
    return Arbitraries.oneOf(Garbage.text(),
        Garbage.jsonLines("ID", "Id", "Names", "Image", "State", "Status", "Labels", "CreatedAt", "Created"),
        Garbage.damaged(Samples.read("docker/ps-all.jsonl"), Samples.read("docker/api-containers-json.json")));
  }

  @Provide
  Arbitrary<String> inspectGarbage() {
    return Arbitraries.oneOf(Garbage.text(),
        Garbage.json("Id", "Name", "State", "Config", "Image", "Created", "Status", "Running", "Pid", "Mounts", "Labels"),
        Garbage.damaged(Samples.read("docker/inspect.json")));
  }
}
