package dev.steward.examples.cli;

/**
 * A command could not do what it was asked for a reason its message explains fully, such as a
 * state directory that is not there: the runner prints the message and exits 1, without
 * suggesting a stack trace (there is still one with {@code --verbose}).
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandFailure(String message) {
    super(message);
  }

  CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
