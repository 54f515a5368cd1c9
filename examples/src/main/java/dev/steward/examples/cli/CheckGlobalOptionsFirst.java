package dev.steward.examples.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;

/**
 * Answers {@code --help} and {@code --version} first, then checks the global options, then runs
 * the last command given, as picocli's {@link RunLast} does.
 */
final class CheckGlobalOptionsFirst implements IExecutionStrategy {
  @Override
  public int execute(ParseResult parseResult) {
    Integer helped = CommandLine.executeHelpRequest(parseResult);
    if (helped != null) {
      return helped;
    }
    List<CommandLine> parsed = parseResult.asCommandLineList();
    CommandLine last = parsed.get(parsed.size() - 1);
    StewardCommand root = (StewardCommand) parseResult.commandSpec().userObject();
    root.checkGlobalOptions(last);
    return new RunLast().execute(parseResult);
  }
}
