package dev.steward;

import java.time.Duration;

/**
 * A command ran longer than its timeout and was killed. Carries what it printed until then.
 */
public class CommandTimeoutException extends TransportException {
  private static final long serialVersionUID = 1L;

  private final transient Command command;
  private final Duration timeout;
  private final String partialStdout;
  private final String partialStderr;

  public CommandTimeoutException(String host, Command command, Duration timeout, String partialStdout, String partialStderr) {
    super(host, "'" + command.display() + "' on " + host + " did not finish within " + timeout.toMillis()
        + " ms and was killed; raise the command's timeout (Command.withTimeout or steward.command.timeout) if it needs longer",
        null);
    this.command = command;
    this.timeout = timeout;
    this.partialStdout = partialStdout;
    this.partialStderr = partialStderr;
  }

  public Command command() {
    return command;
  }

  public Duration timeout() {
    return timeout;
  }

  public String partialStdout() {
    return partialStdout;
  }

  public String partialStderr() {
    return partialStderr;
  }
}
