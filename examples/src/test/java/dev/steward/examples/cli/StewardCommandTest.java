package dev.steward.examples.cli;

import static dev.steward.examples.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Settings;
import dev.steward.StewardVersion;
import dev.steward.examples.scenario.Scenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

@DisplayName("steward (global options and usage errors)")
class StewardCommandTest {
  @ParameterizedTest(name = "steward {0} --help")
  @ValueSource(strings = {"", "providers", "scenarios", "run"})
  @DisplayName("--help works on every command and exits 0")
  void helpWorksOnEveryCommand(String command) {
    Cli.Result result = command.isEmpty() ? cli().run("--help") : cli().run(command, "--help");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).startsWith("Usage: steward" + (command.isEmpty() ? " " : " " + command + " "))
        .contains("--plugin-path=DIR", "--set=NAME=VALUE", "--help");
    assertThat(result.err()).isEmpty();
  }

  @Test
  @DisplayName("the top-level help lists every command and the exit codes")
  void topLevelHelpListsTheCommands() {
    Cli.Result result = cli().run("--help");

    assertThat(result.out()).contains("  providers ", "  scenarios ", "  run ", "Exit codes:", "  2  bad usage");
  }

  @Test
  @DisplayName("every command's summary in a command list is a whole sentence, not the first line of a longer one")
  void everySummaryIsAWholeSentence() {
    List<String> cut = new ArrayList<>();
    collectCutSummaries(StewardCommand.commandLine(Map.of(), Scenarios.builtIn(), Settings.builder().build()), cut);

    assertThat(cut).as("summaries that end mid-sentence").isEmpty();
    String help = cli().run("--help").out();
    List<String> commandList = help.substring(help.indexOf("Commands:\n") + 10, help.indexOf("\n\n", help.indexOf("Commands:"))).lines().toList();
    assertThat(commandList).as("one line per command").hasSize(12)
        .allSatisfy(line -> assertThat(line).matches("  [a-z]+ +[A-Z].*[.!?]'?"))
        .contains("  providers  Lists every provider found and every one that failed to load.",
            "  reconcile  Keeps the fleets a fleet file describes in their desired state.");
  }

  /** A command list shows each command's header, else the first line of its description (picocli). */
  private static void collectCutSummaries(CommandLine command, List<String> cut) {
    for (CommandLine sub : command.getSubcommands().values()) {
      String[] header = sub.getCommandSpec().usageMessage().header();
      String[] description = sub.getCommandSpec().usageMessage().description();
      String summary = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
      if (!summary.strip().matches("(?s).*[.!?]['\")]?")) {
        cut.add(sub.getCommandSpec().qualifiedName() + ": " + summary);
      }
      collectCutSummaries(sub, cut);
    }
  }

  @Test
  @DisplayName("--version prints the Steward version, on every command")
  void versionPrintsTheStewardVersion() {
    assertThat(StewardVersion.current()).isNotEqualTo("unknown");
    assertThat(cli().run("--version").out()).isEqualTo("steward " + StewardVersion.current() + "\n");
    assertThat(cli().run("run", "--version").out()).isEqualTo("steward " + StewardVersion.current() + "\n");
  }

  @Test
  @DisplayName("a bad --set exits 2 naming the setting and what is wrong")
  void badSetIsAUsageError() {
    Cli.Result result = cli().run("--set", "steward.command.timeout=soon", "providers");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("steward: Invalid setting: steward.command.timeout: 'soon' is not a duration");
  }

  @Test
  @DisplayName("several bad settings are reported at once")
  void everyBadSettingIsReported() {
    Cli.Result result = cli().run("scenarios", "-s", "steward.command.timeout=soon", "-s", "steward.transport=SSH");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("2 settings are invalid:", "steward.command.timeout: 'soon'", "steward.transport: 'SSH'");
  }

  @Test
  @DisplayName("--set without '=' exits 2")
  void setWithoutValueIsAUsageError() {
    Cli.Result result = cli().run("--set", "steward.transport", "providers");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("KEY=VALUE");
  }

  @Test
  @DisplayName("an unknown command exits 2 and suggests a close one")
  void unknownCommandIsAUsageError() {
    Cli.Result result = cli().run("provider");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("Unmatched argument at index 0: 'provider'", "Did you mean: steward providers or steward proxmox?");
  }

  @Test
  @DisplayName("an unknown option exits 2")
  void unknownOptionIsAUsageError() {
    Cli.Result result = cli().run("providers", "--yaml");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option: '--yaml'", "Try 'steward providers --help'");
  }

  @Test
  @DisplayName("no command at all exits 2 and prints the usage")
  void noCommandIsAUsageError() {
    Cli.Result result = cli().run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("say what to do", "Usage: steward");
  }

  @Test
  @DisplayName("a provider that cannot be selected makes the command fail with exit 1 and the registry's message")
  void unknownProviderIdFailsTheCommand() {
    Cli.Result result = cli().run("run", "lifecycle", "--set", "steward.state-store=etcd");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("steward: No state store provider has the id 'etcd'. Found: 'file' (")
        .doesNotContain("\tat ");
  }

  @Test
  @DisplayName("a mistyped setting is named on stderr with the closest known one, and the command still runs")
  void warnsAboutMistypedSettings() {
    Cli.Result result = cli().run("--set", "steward.comand.timeout=30s", "scenarios");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).contains(
        "steward: warning: no provider reads the setting steward.comand.timeout (did you mean steward.command.timeout?)");
  }
}
