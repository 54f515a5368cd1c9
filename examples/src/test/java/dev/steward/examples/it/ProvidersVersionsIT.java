package dev.steward.examples.it;

import static dev.steward.examples.it.DockerCommand.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward providers --host local} naming this machine's Docker engine as docker itself names it. */
@RequiresLab(LabService.DOCKER)
@DisplayName("steward providers --host shows what each process manager drives there")
class ProvidersVersionsIT {
  @TempDir
  Path temp;

  @Test
  @DisplayName("the docker rows of --host local name the client and the engine docker version names")
  void dockerRowsNameTheVersionsDockerItselfNames() {
    String server = dockerVersion("{{.Server.Version}}");
    String client = dockerVersion("{{.Client.Version}}");

    StewardJar.Result result = new StewardJar(temp).run("providers", "--host", "local");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).as(result.toString()).containsPattern("(?m)^MANAGER\\s+HOST\\s+COMPONENT\\s+VERSION$")
        .containsPattern("(?m)^docker\\s+local\\s+server\\s+" + Pattern.quote(server) + "$")
        .containsPattern("(?m)^docker\\s+local\\s+client\\s+" + Pattern.quote(client) + "$")
        .containsPattern("(?m)^docker\\s+local\\s+server-api\\s+1\\.[0-9]+$")
        .containsPattern("(?m)^process\\s+local\\s+-\\s+\\(it names no versions\\)$")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  @DisplayName("--json carries the same versions, and a host docker cannot reach is a row saying why, not a failure")
  void jsonCarriesTheVersionsAndAnUnreachableHostIsARow() throws IOException {
    String server = dockerVersion("{{.Server.Version}}");

    StewardJar.Result result = new StewardJar(temp).run("providers", "--json", "--host", "local", "--host", "nohost.invalid");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode versions = new ObjectMapper().readTree(result.out()).get("versions");
    JsonNode local = row(versions, "docker", "local");
    assertThat(local.get("components").get("server").asText()).isEqualTo(server);
    assertThat(local.get("problem").isNull()).isTrue();
    JsonNode unreachable = row(versions, "docker", "nohost.invalid");
    assertThat(unreachable.get("components")).isEmpty();
    assertThat(unreachable.get("problem").asText()).startsWith("unavailable: ").contains("nohost.invalid");
  }

  private static JsonNode row(JsonNode versions, String manager, String host) {
    for (JsonNode row : versions) {
      if (row.get("manager").asText().equals(manager) && row.get("host").asText().equals(host)) {
        return row;
      }
    }
    throw new AssertionError("no versions of " + manager + " on " + host + " in " + versions);
  }

  /** {@code docker version --format FORMAT}, run by the test itself: a version, or the test fails saying what docker said. */
  private static String dockerVersion(String format) {
    String said = docker(List.of("docker", "version", "--format", format)).strip();
    assertThat(said).as("docker version --format '%s'", format).matches("[0-9][0-9A-Za-z.+~-]*");
    return said;
  }
}
