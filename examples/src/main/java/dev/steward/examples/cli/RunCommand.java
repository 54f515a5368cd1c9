package dev.steward.examples.cli;

import dev.steward.examples.scenario.Scenario;
import dev.steward.examples.scenario.ScenarioContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code steward run SCENARIO}: plays one example scenario. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs one example scenario and tells what happens, step by step.")
public final class RunCommand implements Callable<Integer> {
  @ParentCommand
  StewardCommand root;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "SCENARIO", description = "The scenario to run, one of those 'steward scenarios' lists.")
  String scenarioName;

  @Option(names = "--dir", paramLabel = "DIR", description = {
      "A folder, new or empty, for scenarios that write files (pipeline); it is kept afterwards, so you can look",
      "at it, e.g. with 'steward state list --dir DIR/pipeline'. Without it they use a temporary folder and remove it."})
  Path directory;

  @Override
  public Integer call() {
    Scenario scenario = root.scenarios().find(scenarioName).orElseThrow(() -> new ParameterException(spec.commandLine(),
        "Unknown scenario '" + scenarioName + "'. The scenarios are: " + root.scenarios().all().stream()
            .map(s -> s.name() + " (" + s.description() + ")")
            .collect(Collectors.joining(", "))));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Scenario '" + scenario.name() + "': " + scenario.description());
    try (Plugins plugins = root.loadPlugins()) {
      scenario.run(new ScenarioContext(out, plugins.registry(), root.settings(),
          Optional.ofNullable(directory).map(d -> d.toAbsolutePath().normalize())));
    }
    out.println();
    out.println("Scenario '" + scenario.name() + "' finished.");
    out.flush();
    return ExitCodes.OK;
  }
}
