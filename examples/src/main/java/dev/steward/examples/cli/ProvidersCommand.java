package dev.steward.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.LoadFailure;
import dev.steward.discovery.ProviderInfo;
import dev.steward.discovery.ProviderRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code steward providers}: every provider found, by extension point, and every one that failed to
 * load; with {@code --host}, what each process manager drives on those hosts ({@link ManagerVersions}).
 */
@Command(
    name = "providers",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Lists every provider found and every one that failed to load.",
        "By extension point, built-in or from a plugin jar, each with the jar it came from.",
        "With --host, also what each process manager drives on each host: e.g. the docker client and engine, systemd.",
        "A manager that cannot reach a host, or finds no tool there, says why in its row; the command still succeeds."
    })
public final class ProvidersCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand
  StewardCommand root;

  @Spec
  CommandSpec spec;

  @Option(names = "--json", description = "Prints a JSON document instead of a table.")
  boolean json;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Also asks each process manager what it drives on HOST ('local' here, any other over ssh). Repeatable.")
  List<String> hosts = new ArrayList<>();

  @Override
  public Integer call() {
    try {
      ManagerVersions.requireHostNames(hosts);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--host: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Plugins plugins = root.loadPlugins()) {
      List<ManagerVersions.Row> versions = hosts.isEmpty() ? List.of()
          : ManagerVersions.read(plugins.registry(), root.settings(), hosts);
      if (json) {
        printJson(out, plugins.registry(), versions);
      } else {
        printTable(out, plugins);
        if (!hosts.isEmpty()) {
          out.println();
          ManagerVersions.printTable(out, versions);
        }
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void printTable(PrintWriter out, Plugins plugins) {
    ProviderRegistry registry = plugins.registry();
    TextTable table = new TextTable("EXTENSION POINT", "ID", "SOURCE", "DESCRIPTION");
    for (ExtensionPoint<?, ?> point : ExtensionPoint.all()) {
      List<ProviderInfo> providers = registry.providers(point);
      if (providers.isEmpty()) {
        table.row(point.name(), "-", "-", "(none found: add a plugin jar with --plugin-path)");
      }
      for (ProviderInfo provider : providers) {
        table.row(point.name(), provider.id(), provider.source(), provider.description());
      }
    }
    table.print(out);

    out.println();
    int count = registry.providers().size();
    out.println(count + (count == 1 ? " provider" : " providers") + " found"
        + (plugins.jars().isEmpty() ? " in the runner's own jars" : " in the runner's own jars and " + describeJars(plugins.jars()))
        + ".");
    List<LoadFailure> failures = registry.failures();
    if (failures.isEmpty()) {
      out.println("No provider failed to load.");
      return;
    }
    out.println(failures.size() + (failures.size() == 1 ? " provider" : " providers") + " failed to load:");
    for (LoadFailure failure : failures) {
      out.println("  " + failure.extensionPoint() + ": " + failure.describe());
    }
  }

  private static String describeJars(List<Path> jars) {
    return jars.size() + (jars.size() == 1 ? " plugin jar: " : " plugin jars: ")
        + jars.stream().map(jar -> String.valueOf(jar.getFileName())).collect(Collectors.joining(", "));
  }

  /**
   * A stable document: {@code {"extension_points": [...], "providers": [...], "failures": [...],
   * "versions": [...]}}, providers in extension point order and then by id, versions by host and then
   * manager (empty without {@code --host}), each object's fields always in the same order.
   */
  static void printJson(PrintWriter out, ProviderRegistry registry, List<ManagerVersions.Row> versions) {
    ObjectNode document = JSON.createObjectNode();
    ArrayNode points = document.putArray("extension_points");
    ExtensionPoint.all().forEach(point -> points.add(point.name()));
    ArrayNode providers = document.putArray("providers");
    for (ExtensionPoint<?, ?> point : ExtensionPoint.all()) {
      for (ProviderInfo provider : registry.providers(point)) {
        providers.addObject()
            .put("extension_point", provider.extensionPoint())
            .put("id", provider.id())
            .put("source", provider.source())
            .put("class", provider.className())
            .put("description", provider.description());
      }
    }
    ArrayNode failures = document.putArray("failures");
    for (LoadFailure failure : registry.failures()) {
      String message = failure.cause().getMessage();
      failures.addObject()
          .put("extension_point", failure.extensionPoint())
          .put("class", failure.className())
          .put("source", failure.source())
          .put("error", failure.cause().getClass().getName() + (message == null ? "" : ": " + message));
    }
    ManagerVersions.addJson(document.putArray("versions"), versions);
    try {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Could not write the providers as JSON", e);
    }
  }
}
