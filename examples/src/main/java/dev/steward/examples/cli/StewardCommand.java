package dev.steward.examples.cli;

import dev.steward.InvalidSettingsException;
import dev.steward.Settings;
import dev.steward.examples.scenario.Scenarios;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code steward}: the example runner's top command. It holds the global options, which may be
 * given before or after the subcommand, and turns them into what the subcommands work with:
 * {@link #settings()} and {@link #loadPlugins()}. Not thread-safe: one instance per command line.
 */
@Command(
    name = "steward",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Shows Steward working, and looks at and repairs the state directory of the file store.",
        "Lists the providers it finds and example scenarios you can run.",
        ""
    },
    subcommands = {ProvidersCommand.class, ScenariosCommand.class, RunCommand.class, StateCommand.class,
        ReconcileCommand.class, DriftCommand.class, StatusCommand.class, ControlCommand.Pause.class,
        ControlCommand.Resume.class, ControlCommand.Reload.class, ForwardDaemonCommand.class, ProxmoxCommand.class,
        InventoryCommand.class},
    synopsisSubcommandLabel = "COMMAND",
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  success",
        "  1  the operation failed (run again with --verbose for the stack trace)",
        "  2  bad usage: unknown command or option, bad setting, unknown scenario, missing plugin folder, bad key",
        "  3  status, pause, resume, reload: no running instance answered"
    })
public final class StewardCommand implements Callable<Integer> {
  private final Map<String, String> environment;
  private final Scenarios scenarios;
  private final Settings baseSettings;

  @Spec
  CommandSpec spec;

  @Option(names = PluginPath.OPTION, paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = {
          "A folder of plugin jars: every *.jar in it is searched for providers like the built-ins.",
          "Repeat it, or separate folders with the path separator. Without it, the environment "
              + "variable " + PluginPath.ENVIRONMENT_VARIABLE + " is read."})
  List<String> pluginPath = new ArrayList<>();

  @Option(names = {"-s", "--set"}, paramLabel = "NAME=VALUE", scope = ScopeType.INHERIT,
      description = "Sets a setting, e.g. --set steward.command.timeout=30s. Repeatable.")
  Map<String, String> settingsText = new LinkedHashMap<>();

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Prints the stack trace of a failure.")
  boolean verbose;

  /**
   * @param environment where {@code STEWARD_PLUGIN_PATH} is read from, normally {@link System#getenv()}
   * @param scenarios the scenarios {@code scenarios} lists and {@code run} runs
   * @param baseSettings settings that {@code --set} adds to, e.g. a test's fixed clock
   */
  public StewardCommand(Map<String, String> environment, Scenarios scenarios, Settings baseSettings) {
    this.environment = Map.copyOf(environment);
    this.scenarios = Objects.requireNonNull(scenarios, "scenarios");
    this.baseSettings = Objects.requireNonNull(baseSettings, "baseSettings");
  }

  /**
   * The runner's command line, with its exit codes: 0 success, 1 failure, 2 bad usage.
   *
   * @see ExitCodes
   */
  public static CommandLine commandLine(Map<String, String> environment, Scenarios scenarios, Settings baseSettings) {
    return new CommandLine(new StewardCommand(environment, scenarios, baseSettings))
        .setExecutionStrategy(new CheckGlobalOptionsFirst())
        .setParameterExceptionHandler(new UsageErrorHandler())
        .setExecutionExceptionHandler(new FailureHandler());
  }

  /** With no command, says which there are. */
  @Override
  public Integer call() {
    return MissingSubcommand.explain(spec, ", e.g. 'steward providers'");
  }

  /**
   * The settings: the base ones plus every {@code --set}.
   *
   * @throws InvalidSettingsException listing every bad one
   */
  Settings settings() {
    return baseSettings.toBuilder().setAll(settingsText).build();
  }

  /** The plugin folders. @throws IllegalArgumentException when one is missing */
  PluginPath pluginPath() {
    return PluginPath.of(pluginPath, Optional.ofNullable(environment.get(PluginPath.ENVIRONMENT_VARIABLE)));
  }

  /** The built-in providers and those in the plugin folders; the caller closes the result. */
  Plugins loadPlugins() {
    return Plugins.load(pluginPath());
  }

  Scenarios scenarios() {
    return scenarios;
  }

  boolean verbose() {
    return verbose;
  }

  /**
   * Checks the global options before any command runs, so a bad one is a usage error (exit 2)
   * whichever command was asked for.
   */
  void checkGlobalOptions(CommandLine commandLine) {
    try {
      pluginPath();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, e.getMessage(), e);
    }
    Settings settings;
    try {
      settings = settings();
    } catch (InvalidSettingsException e) {
      throw new ParameterException(commandLine, e.getMessage(), e);
    }
    if (settings.names().stream().anyMatch(name -> name.startsWith("steward."))) {
      try (Plugins plugins = loadPlugins()) {
        for (String unknown : plugins.registry().unknownSettings(settings)) {
          commandLine.getErr().println("steward: warning: no provider reads the setting " + unknown);
        }
      }
    }
  }
}
