package dev.steward.examples;

import dev.steward.Settings;
import dev.steward.examples.cli.StewardCommand;
import dev.steward.examples.scenario.Scenarios;

/** Starts the example runner: {@code java -jar steward.jar COMMAND}; {@code --help} lists the commands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int exitCode = StewardCommand.commandLine(System.getenv(), Scenarios.builtIn(), Settings.empty()).execute(args);
    System.exit(exitCode);
  }
}
