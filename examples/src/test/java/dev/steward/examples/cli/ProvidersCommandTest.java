package dev.steward.examples.cli;

import static dev.steward.examples.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.testkit.ProviderJars;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("steward providers")
class ProvidersCommandTest {
  private static final Map<String, List<String>> BUILT_INS = Map.of(
      "transport", List.of("local", "ssh"),
      "probe", List.of("local", "proxmox", "ssh"),
      "process manager", List.of("docker", "process", "systemd"),
      "firewall manager", List.of("none", "ufw"),
      "node selector", List.of("least-records", "most-shunned", "oldest", "youngest"),
      "state store", List.of("file", "memory", "postgres"),
      "leader election", List.of("file", "postgres"),
      "kind", List.of("node", "project"));

  @TempDir
  Path temp;

  @Test
  @DisplayName("lists every built-in provider in a table, grouped by extension point")
  void listsEveryBuiltInProviderInTheTable() {
    Cli.Result result = cli().run("providers");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(0)).matches("EXTENSION POINT\\s+ID\\s+SOURCE\\s+DESCRIPTION");
    int idColumn = lines.get(0).indexOf("ID");
    int sourceColumn = lines.get(0).indexOf("SOURCE");
    List<String> rows = new ArrayList<>();
    BUILT_INS.forEach((point, ids) -> ids.forEach(id -> rows.add(point + " " + id)));
    for (String row : rows) {
      String point = row.substring(0, row.lastIndexOf(' '));
      String id = row.substring(row.lastIndexOf(' ') + 1);
      assertThat(lines).as("the row of %s '%s'", point, id)
          .anySatisfy(line -> {
            assertThat(line).startsWith(point + " ");
            assertThat(line.substring(idColumn)).startsWith(id + " ");
            assertThat(line.charAt(sourceColumn - 1)).isEqualTo(' ');
            assertThat(line.charAt(sourceColumn)).isNotEqualTo(' ');
          });
    }
    assertThat(lines).filteredOn(line -> line.startsWith("node selector "))
        .extracting(line -> line.substring(idColumn, sourceColumn).strip())
        .containsExactly("least-records", "most-shunned", "oldest", "youngest");
    assertThat(indexOfLineStartingWith(lines, "transport "))
        .isLessThan(indexOfLineStartingWith(lines, "firewall manager "));
    assertThat(indexOfLineStartingWith(lines, "firewall manager "))
        .isLessThan(indexOfLineStartingWith(lines, "node selector "));
    assertThat(indexOfLineStartingWith(lines, "node selector "))
        .isLessThan(indexOfLineStartingWith(lines, "state store "));
    assertThat(result.out()).contains("21 providers found in the runner's own jars.", "No provider failed to load.");
  }

  @Test
  @DisplayName("--json prints exactly the built-in ids per extension point, with class and source")
  void printsJsonWithTheBuiltInIdsPerExtensionPoint() throws Exception {
    Cli.Result result = cli().run("providers", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode document = new ObjectMapper().readTree(result.out());
    assertThat(idsByExtensionPoint(document)).isEqualTo(BUILT_INS);
    assertThat(document.get("extension_points")).extracting(JsonNode::asText)
        .containsExactly("transport", "probe", "process manager", "firewall manager", "node selector", "state store", "leader election", "kind");
    assertThat(document.get("failures")).isEmpty();
    for (JsonNode provider : document.get("providers")) {
      assertThat(provider.get("class").asText()).as("a provider class lives in an internal package").matches("dev\\.steward\\.([a-z]+\\.)*internal\\..+");
      assertThat(provider.get("source").asText()).isNotBlank();
      assertThat(provider.get("description").asText()).isNotBlank();
    }
    JsonNode local = document.get("providers").get(0);
    assertThat(local.get("id").asText()).isEqualTo("local");
    assertThat(local.get("class").asText()).isEqualTo("dev.steward.internal.transport.LocalTransportProvider");
  }

  @Test
  @DisplayName("finds a plugin jar given with --plugin-path, before or after the command")
  void findsAPluginJarOnThePluginPath() throws Exception {
    Path plugins = Files.createDirectories(temp.resolve("plugins"));
    ProviderJars.nodeSelector(plugins, "acme-selector.jar", "com.acme.AcmeSelectorProvider", "acme");

    for (List<String> args : List.of(
        List.of("--plugin-path", plugins.toString(), "providers", "--json"),
        List.of("providers", "--json", "--plugin-path", plugins.toString()))) {
      Cli.Result result = cli().run(args.toArray(String[]::new));

      assertThat(result.exitCode()).as(result.toString()).isZero();
      JsonNode acme = provider(new ObjectMapper().readTree(result.out()), "node selector", "acme");
      assertThat(acme.get("source").asText()).isEqualTo("acme-selector.jar");
      assertThat(acme.get("class").asText()).isEqualTo("com.acme.AcmeSelectorProvider");
      assertThat(acme.get("description").asText()).isEqualTo("test plugin built at test time");
    }
  }

  @Test
  @DisplayName("reads the plugin path from STEWARD_PLUGIN_PATH, several folders apart, when --plugin-path is absent")
  void readsThePluginPathFromTheEnvironment() {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");
    ProviderJars.nodeSelector(first, "acme-selector.jar", "com.acme.AcmeSelectorProvider", "acme");
    ProviderJars.nodeSelector(second, "zenith-selector.jar", "com.zenith.ZenithSelectorProvider", "zenith");

    Cli.Result result = cli().environment("STEWARD_PLUGIN_PATH", first + File.pathSeparator + second).run("providers");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out().lines())
        .anySatisfy(line -> assertThat(line).matches("node selector\\s+acme\\s+acme-selector\\.jar\\s+test plugin built at test time"))
        .anySatisfy(line -> assertThat(line).matches("node selector\\s+zenith\\s+zenith-selector\\.jar\\s+.*"));
    assertThat(result.out()).contains("23 providers found in the runner's own jars and 2 plugin jars: acme-selector.jar, zenith-selector.jar.");
  }

  @Test
  @DisplayName("--plugin-path wins over STEWARD_PLUGIN_PATH")
  void optionWinsOverTheEnvironment() {
    Path plugins = temp.resolve("plugins");
    ProviderJars.nodeSelector(plugins, "acme-selector.jar", "com.acme.AcmeSelectorProvider", "acme");

    Cli.Result result = cli().environment("STEWARD_PLUGIN_PATH", temp.resolve("missing").toString())
        .run("providers", "--plugin-path", plugins.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("acme-selector.jar");
  }

  @Test
  @DisplayName("lists a provider that failed to load, with its class, jar and error, and still exits 0")
  void listsProvidersThatFailedToLoad() throws Exception {
    Path plugins = temp.resolve("plugins");
    String source = "package com.acme;\n"
        + "public final class BrokenSelectorProvider implements dev.steward.spi.NodeSelectorProvider {\n"
        + "  public BrokenSelectorProvider() { throw new IllegalStateException(\"acme licence file is missing\"); }\n"
        + "  public String id() { return \"broken\"; }\n"
        + "  public dev.steward.NodeSelector create(dev.steward.spi.ProviderContext context) { throw new AssertionError(); }\n"
        + "}\n";
    ProviderJars.build(plugins, "broken-selector.jar", Map.of("com.acme.BrokenSelectorProvider", source),
        Map.of("dev.steward.spi.NodeSelectorProvider", List.of("com.acme.BrokenSelectorProvider")));

    Cli.Result table = cli().run("providers", "--plugin-path", plugins.toString());
    Cli.Result json = cli().run("providers", "--json", "--plugin-path", plugins.toString());

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).contains("1 provider failed to load:\n"
        + "  node selector: com.acme.BrokenSelectorProvider (broken-selector.jar) failed to load: "
        + "IllegalStateException: acme licence file is missing\n");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode failures = new ObjectMapper().readTree(json.out()).get("failures");
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).get("extension_point").asText()).isEqualTo("node selector");
    assertThat(failures.get(0).get("class").asText()).isEqualTo("com.acme.BrokenSelectorProvider");
    assertThat(failures.get(0).get("source").asText()).isEqualTo("broken-selector.jar");
    assertThat(failures.get(0).get("error").asText()).isEqualTo("java.lang.IllegalStateException: acme licence file is missing");
  }

  @Test
  @DisplayName("--json has an empty versions list without --host")
  void jsonHasNoVersionsWithoutHosts() throws Exception {
    Cli.Result result = cli().run("providers", "--json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(new ObjectMapper().readTree(result.out()).get("versions")).isEmpty();
    assertThat(result.out()).doesNotContain("MANAGER");
  }

  @Test
  @DisplayName("--host with something that is not a host name is a usage error naming it, before any manager is asked")
  void badHostIsAUsageError() {
    Cli.Result result = cli().run("providers", "--host", "local", "--host", "no host");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("--host: ", "no host");
  }

  @Test
  @DisplayName("a plugin folder that does not exist is a usage error naming it")
  void missingPluginFolderIsAUsageError() {
    Path missing = temp.resolve("no-such-folder");

    Cli.Result result = cli().run("providers", "--plugin-path", missing.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("The plugin folder " + missing + " given in --plugin-path does not exist");
  }

  @Test
  @DisplayName("a plugin jar given instead of its folder is a usage error that says to give the folder")
  void pluginJarInsteadOfFolderIsAUsageError() {
    Path jar = ProviderJars.nodeSelector(temp, "acme-selector.jar", "com.acme.AcmeSelectorProvider", "acme");

    Cli.Result result = cli().environment("STEWARD_PLUGIN_PATH", jar.toString()).run("providers");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("given in the environment variable STEWARD_PLUGIN_PATH is not a folder");
  }

  private static int indexOfLineStartingWith(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("No line starts with '" + prefix + "' in " + lines);
  }

  static Map<String, List<String>> idsByExtensionPoint(JsonNode document) {
    Map<String, List<String>> ids = new LinkedHashMap<>();
    for (JsonNode provider : document.get("providers")) {
      ids.computeIfAbsent(provider.get("extension_point").asText(), k -> new ArrayList<>()).add(provider.get("id").asText());
    }
    return ids;
  }

  static JsonNode provider(JsonNode document, String extensionPoint, String id) {
    for (JsonNode provider : document.get("providers")) {
      if (provider.get("extension_point").asText().equals(extensionPoint) && provider.get("id").asText().equals(id)) {
        return provider;
      }
    }
    throw new AssertionError("No " + extensionPoint + " '" + id + "' in " + document);
  }
}
