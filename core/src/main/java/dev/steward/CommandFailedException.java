package dev.steward;

/** A command ran but exited with a non-zero status. Carries the whole {@link CommandResult}. */
public class CommandFailedException extends TransportException {
  private static final long serialVersionUID = 1L;
  private static final int STDERR_SHOWN = 500;

  private final transient CommandResult result;

  public CommandFailedException(CommandResult result) {
    super(result.host(), message(result), null);
    this.result = result;
  }

  public CommandResult result() {
    return result;
  }

  private static String message(CommandResult result) {
    String stderr = result.stderr().strip();
    if (stderr.length() > STDERR_SHOWN) {
      stderr = stderr.substring(0, STDERR_SHOWN) + "...";
    }
    return "'" + result.command().display() + "' on " + result.host() + " exited with status " + result.exitCode()
        + (stderr.isEmpty() ? " and printed nothing on stderr" : ": " + stderr);
  }
}
