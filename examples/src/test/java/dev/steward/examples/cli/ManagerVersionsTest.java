package dev.steward.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.steward.ProcessManager;
import dev.steward.ProcessStatus;
import dev.steward.ResourceKey;
import dev.steward.Spec;
import dev.steward.StewardException;
import dev.steward.TransportException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("steward providers --host: what each process manager drives on each host")
class ManagerVersionsTest {
  private final List<String> made = new ArrayList<>();

  /** A manager that answers versions(host) with {@code versions}, made by a candidate that counts its making. */
  private ManagerVersions.Candidate candidate(String id, Function<String, Map<String, String>> versions) {
    return new ManagerVersions.Candidate(id, () -> {
      made.add(id);
      return new Answering(versions);
    });
  }

  private static Map<String, String> docker(String host) {
    if (host.equals("h2")) {
      throw new TransportException(host, "There is no docker command on h2 (looked for 'docker'):\n  install the Docker CLI there", null);
    }
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("client", "28.2.2");
    versions.put("client-api", "1.41");
    versions.put("server", "20.10.24+dfsg1");
    versions.put("server-api", "1.41");
    return versions;
  }

  private List<ManagerVersions.Row> rows() {
    return ManagerVersions.collect(List.of("local", "h2"), List.of(
        candidate("docker", ManagerVersionsTest::docker),
        candidate("process", host -> Map.of()),
        new ManagerVersions.Candidate("broken", () -> {
          throw new StewardException("steward.broken.dir is not set");
        })));
  }

  @Test
  @DisplayName("prints a row per component, and one row saying why for a manager that has none, failed or could not be made")
  void printsARowPerComponentAndOneRowSayingWhyOtherwise() {
    StringWriter text = new StringWriter();

    ManagerVersions.printTable(new PrintWriter(text, true), rows());

    assertThat(text.toString().lines().map(String::stripTrailing)).containsExactly(
        "MANAGER  HOST   COMPONENT   VERSION",
        "docker   local  client      28.2.2",
        "docker   local  client-api  1.41",
        "docker   local  server      20.10.24+dfsg1",
        "docker   local  server-api  1.41",
        "process  local  -           (it names no versions)",
        "broken   local  -           cannot be made from these settings: steward.broken.dir is not set",
        "docker   h2     -           unavailable: There is no docker command on h2 (looked for 'docker'): install the Docker CLI there",
        "process  h2     -           (it names no versions)",
        "broken   h2     -           cannot be made from these settings: steward.broken.dir is not set");
    assertThat(made).as("each manager is made once, whatever the number of hosts").containsExactly("docker", "process");
  }

  @Test
  @DisplayName("adds to the JSON document an object per manager and host, with its components in order and why it has none")
  void addsAnObjectPerManagerAndHostToTheJson() {
    ArrayNode array = new ObjectMapper().createArrayNode();

    ManagerVersions.addJson(array, rows());

    assertThat(array).hasSize(6);
    assertThat(array.get(0).toString()).isEqualTo("{\"manager\":\"docker\",\"host\":\"local\",\"components\":{\"client\":\"28.2.2\","
        + "\"client-api\":\"1.41\",\"server\":\"20.10.24+dfsg1\",\"server-api\":\"1.41\"},\"problem\":null}");
    assertThat(array.get(3).toString()).isEqualTo("{\"manager\":\"docker\",\"host\":\"h2\",\"components\":{},"
        + "\"problem\":\"unavailable: There is no docker command on h2 (looked for 'docker'): install the Docker CLI there\"}");
  }

  @Test
  void aRowKeepsItsComponentsInTheManagersOrderAndCannotBeChanged() {
    ManagerVersions.Row row = new ManagerVersions.Row("docker", "local", docker("local"), Optional.empty());

    assertThat(row.components().keySet()).containsExactly("client", "client-api", "server", "server-api");
    assertThatThrownBy(() -> row.components().put("x", "1")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void hostNamesAreCheckedAsANodesKeyChecksThem() {
    ManagerVersions.requireHostNames(List.of("local", "web-1.example.org", "10.0.0.7"));

    assertThatThrownBy(() -> ManagerVersions.requireHostNames(List.of("local", "-oProxyCommand=x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-oProxyCommand=x");
  }

  /** A manager of nothing that only names versions. */
  private record Answering(Function<String, Map<String, String>> versions) implements ProcessManager {
    @Override
    public Map<String, String> versions(String host) {
      return versions.apply(host);
    }

    @Override
    public ProcessStatus start(Spec spec) {
      throw new AssertionError("not started here");
    }

    @Override
    public ProcessStatus stop(ResourceKey key, Duration grace) {
      throw new AssertionError("not stopped here");
    }

    @Override
    public ProcessStatus status(ResourceKey key) {
      return ProcessStatus.absent(key);
    }

    @Override
    public List<ProcessStatus> list() {
      return List.of();
    }
  }
}
