package dev.steward.examples.cli;

import dev.steward.InvalidSettingsException;
import dev.steward.StewardException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * A command that failed while running: prints the message (the stack trace only with {@code
 * --verbose}) and exits 1, or 2 when settings were wrong.
 */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parseResult) {
    StewardCommand root = (StewardCommand) commandLine.getCommandSpec().root().userObject();
    commandLine.getOut().flush();
    PrintWriter err = commandLine.getErr();
    err.println("steward: " + describe(failure));
    if (root.verbose()) {
      failure.printStackTrace(err);
    } else if (!(failure instanceof CommandFailure)) {
      err.println("(run again with --verbose to see the stack trace)");
    }
    err.flush();
    return failure instanceof InvalidSettingsException ? ExitCodes.USAGE : ExitCodes.FAILED;
  }

  /** Steward's messages stand on their own; anything else also needs its type to make sense. */
  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    if ((failure instanceof StewardException || failure instanceof CommandFailure) && message != null && !message.isBlank()) {
      return message;
    }
    return failure.getClass().getName() + (message == null ? "" : ": " + message);
  }
}
