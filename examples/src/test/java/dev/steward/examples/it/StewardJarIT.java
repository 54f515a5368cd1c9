package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.StewardVersion;
import dev.steward.testkit.ProviderJars;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("java -jar steward.jar")
class StewardJarIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  private StewardJar steward;

  @BeforeEach
  void setUp() {
    steward = new StewardJar(temp);
  }

  @Test
  @DisplayName("providers --json lists exactly the built-ins, all from steward.jar")
  void providersJsonListsTheBuiltIns() throws Exception {
    StewardJar.Result result = steward.run("providers", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode document = JSON.readTree(result.out());
    assertThat(idsByExtensionPoint(document)).isEqualTo(Map.of(
        "transport", List.of("local", "ssh"),
        "probe", List.of("local", "proxmox", "ssh"),
        "process manager", List.of("docker", "process", "systemd"),
        "firewall manager", List.of("none", "ufw"),
        "node selector", List.of("least-records", "most-shunned", "oldest", "youngest"),
        "state store", List.of("file", "memory", "postgres"),
        "leader election", List.of("file", "postgres"),
        "kind", List.of("node", "project")));
    assertThat(document.get("providers")).extracting(p -> p.get("source").asText()).containsOnly("steward.jar");
    assertThat(document.get("failures")).isEmpty();
    assertThat(result.err()).isEmpty();
  }

  @Test
  @DisplayName("a plugin jar built elsewhere and put in --plugin-path is listed with its own jar")
  void findsAPluginJarGivenWithThePluginPathOption() throws Exception {
    Path plugins = temp.resolve("plugins");
    ProviderJars.nodeSelector(plugins, "acme-selector.jar", "com.acme.AcmeSelectorProvider", "acme");

    StewardJar.Result result = steward.run("--plugin-path", plugins.toString(), "providers", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode acme = provider(JSON.readTree(result.out()), "node selector", "acme");
    assertThat(acme.get("source").asText()).isEqualTo("acme-selector.jar");
    assertThat(acme.get("class").asText()).isEqualTo("com.acme.AcmeSelectorProvider");
    assertThat(idsByExtensionPoint(JSON.readTree(result.out())).get("node selector"))
        .containsExactly("acme", "least-records", "most-shunned", "oldest", "youngest");
  }

  @Test
  @DisplayName("STEWARD_PLUGIN_PATH works like --plugin-path, with several folders")
  void findsAPluginJarGivenWithTheEnvironmentVariable() {
    Path plugins = temp.resolve("plugins");
    Path empty = temp.resolve("empty");
    ProviderJars.nodeSelector(plugins, "acme-selector.jar", "com.acme.AcmeSelectorProvider", "acme");
    // "empty" holds a jar only in a sub-folder: plugin folders are not searched recursively.
    ProviderJars.nodeSelector(empty.resolve("nested"), "nested.jar", "com.acme.Nested", "nested");

    StewardJar.Result result = steward.run(Map.of("STEWARD_PLUGIN_PATH", plugins + File.pathSeparator + empty), "providers");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out().lines())
        .anySatisfy(line -> assertThat(line).matches("node selector\\s+acme\\s+acme-selector\\.jar\\s+test plugin built at test time"))
        .noneSatisfy(line -> assertThat(line).contains("nested"));
  }

  @Test
  @DisplayName("a plugin folder that does not exist exits 2 naming it")
  void missingPluginFolderExits2() {
    Path missing = temp.resolve("missing");

    StewardJar.Result result = steward.run(Map.of("STEWARD_PLUGIN_PATH", missing.toString()), "providers");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("The plugin folder " + missing + " given in the environment variable STEWARD_PLUGIN_PATH does not exist");
  }

  @Test
  @DisplayName("run lifecycle exits 0, tells the whole story on stdout and logs nothing")
  void runLifecycleExits0() {
    StewardJar.Result result = steward.run("run", "lifecycle");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("REMOVING -> REMOVED", "Refused to move node/web-1@local from REMOVED to RUNNING",
        "UPLOADED -> COMPLETE").endsWith("Scenario 'lifecycle' finished.\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  @DisplayName("run pipeline exits 0 and tells the story on stdout; the store's migration and recovery warnings go to stderr")
  void runPipelineExits0() {
    StewardJar.Result result = steward.run("run", "pipeline");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("<- resume here", "attempts 2 -> 0", "state.json.v1.bak", "Every record is back exactly as it was")
        .endsWith("Scenario 'pipeline' finished.\n");
    assertThat(result.err()).contains("Migrating ", "from schema version 1 to 3", "IS UNUSABLE").doesNotContain("\tat ");
  }

  @Test
  @DisplayName("state list --json and state show read what run pipeline --dir left")
  void stateCommandsReadWhatThePipelineLeft() throws Exception {
    Path dir = temp.resolve("run");
    assertThat(steward.run("run", "pipeline", "--dir", dir.toString()).exitCode()).isZero();

    StewardJar.Result list = steward.run("state", "list", "--json", "--dir", dir.resolve("pipeline").toString());

    assertThat(list.exitCode()).as(list.toString()).isZero();
    JsonNode records = JSON.readTree(list.out()).get("records");
    assertThat(records.findValuesAsText("key")).containsExactly("item/debian-12.iso@local", "item/ubuntu-24.04.iso@local");
    assertThat(records.get(1).get("state").asText()).isEqualTo("COMPLETE");
    assertThat(records.get(1).get("checkpoints").size()).isEqualTo(6);

    StewardJar.Result show = steward.run("state", "show", "item/ubuntu-24.04.iso@local", "--dir", dir.resolve("pipeline").toString());
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out()).contains("state        COMPLETE\n", "checkpoints  COMPLETE = ");
    assertThat(steward.run("state", "show", "item/nope@local", "--dir", dir.resolve("pipeline").toString()).exitCode()).isEqualTo(1);
    assertThat(steward.run("state", "list", "--dir", temp.resolve("missing").toString()).exitCode()).isEqualTo(1);
  }

  @Test
  @DisplayName("scenarios lists lifecycle")
  void scenariosListsLifecycle() {
    StewardJar.Result result = steward.run("scenarios");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out().lines()).anySatisfy(line -> assertThat(line).matches("lifecycle +walks records.*"));
  }

  @ParameterizedTest(name = "steward {0} --help")
  @ValueSource(strings = {"", "providers", "scenarios", "run", "state", "state list", "state prune", "state retry", "state import", "status", "pause", "inventory", "inventory sync", "inventory changes", "drift umount"})
  @DisplayName("--help works on every command and exits 0")
  void helpWorksOnEveryCommand(String command) {
    List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");
    StewardJar.Result result = steward.run(args.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).startsWith("Usage: steward").contains("--plugin-path=DIR");
  }

  @Test
  @DisplayName("--version prints the Steward version")
  void versionPrintsTheStewardVersion() {
    StewardJar.Result result = steward.run("--version");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo("steward " + StewardVersion.current() + System.lineSeparator());
  }

  @Test
  @DisplayName("a bad option exits 2")
  void badOptionExits2() {
    StewardJar.Result result = steward.run("providers", "--no-such-option");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option: '--no-such-option'");
    assertThat(result.out()).isEmpty();
  }

  @Test
  @DisplayName("a failure exits 1 with the message and no stack trace")
  void failureExits1WithoutStackTrace() {
    StewardJar.Result result = steward.run("run", "lifecycle", "--set", "steward.state-store=etcd");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).startsWith("steward: No state store provider has the id 'etcd'. Found: 'file' (steward.jar), 'memory' (steward.jar), 'postgres' (steward.jar).")
        .doesNotContain("\tat ");
  }

  private static Map<String, List<String>> idsByExtensionPoint(JsonNode document) {
    Map<String, List<String>> ids = new LinkedHashMap<>();
    for (JsonNode provider : document.get("providers")) {
      ids.computeIfAbsent(provider.get("extension_point").asText(), k -> new ArrayList<>()).add(provider.get("id").asText());
    }
    return ids;
  }

  private static JsonNode provider(JsonNode document, String extensionPoint, String id) {
    for (JsonNode provider : document.get("providers")) {
      if (provider.get("extension_point").asText().equals(extensionPoint) && provider.get("id").asText().equals(id)) {
        return provider;
      }
    }
    throw new AssertionError("No " + extensionPoint + " '" + id + "' in " + document);
  }
}
