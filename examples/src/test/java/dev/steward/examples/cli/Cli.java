package dev.steward.examples.cli;

import dev.steward.Settings;
import dev.steward.examples.scenario.Scenarios;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code steward} command line in this JVM and keeps what it printed. */
final class Cli {
  private final Map<String, String> environment = new HashMap<>();
  private Scenarios scenarios = Scenarios.builtIn();
  private Settings settings = Settings.empty();

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Cli cli() {
    return new Cli();
  }

  Cli environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  Cli scenarios(Scenarios scenarios) {
    this.scenarios = scenarios;
    return this;
  }

  Cli settings(Settings settings) {
    this.settings = settings;
    return this;
  }

  Result run(String... args) {
    CommandLine commandLine = StewardCommand.commandLine(environment, scenarios, settings);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
