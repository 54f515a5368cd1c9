package dev.steward.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.examples.scenario.Scenario;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code steward scenarios}: the example scenarios, one line each. */
@Command(
    name = "scenarios",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lists the example scenarios; run one with 'steward run NAME'.")
public final class ScenariosCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand
  StewardCommand root;

  @Spec
  CommandSpec spec;

  @Option(names = "--json", description = "Prints a JSON document: {\"scenarios\": [{\"name\": ..., \"description\": ...}]}.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode document = JSON.createObjectNode();
      ArrayNode scenarios = document.putArray("scenarios");
      for (Scenario scenario : root.scenarios().all()) {
        scenarios.addObject().put("name", scenario.name()).put("description", scenario.description());
      }
      try {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException("Could not write the scenarios as JSON", e);
      }
    } else {
      TextTable table = new TextTable("SCENARIO", "DESCRIPTION");
      root.scenarios().all().forEach(scenario -> table.row(scenario.name(), scenario.description()));
      table.print(out);
      out.println();
      out.println("Run one with: steward run SCENARIO");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
