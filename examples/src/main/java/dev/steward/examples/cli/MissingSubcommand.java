package dev.steward.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What a command group answers when it is given no subcommand. Stateless. */
final class MissingSubcommand {
  private MissingSubcommand() {}

  /** Says what to do, with {@code example}, prints the group's usage to stderr and returns the usage exit code. */
  static int explain(CommandSpec spec, String example) {
    CommandLine commandLine = spec.commandLine();
    commandLine.getErr().println("steward: say what to do" + example + ".");
    commandLine.getErr().println();
    commandLine.usage(commandLine.getErr());
    return ExitCodes.USAGE;
  }
}
