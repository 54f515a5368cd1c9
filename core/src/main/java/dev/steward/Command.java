package dev.steward;

import dev.steward.spi.support.ShellQuoting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A command for a {@link Transport}: an argument vector (never a shell string), optional standard
 * input, extra environment variables and an optional timeout that overrides the transport's
 * default.
 *
 * <p>The argument vector appears in error messages and logs. Pass secrets through {@link #stdin()},
 * which never does.
 */
public record Command(List<String> argv, Optional<String> stdin, Map<String, String> environment, Optional<Duration> timeout) {
  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("A command needs at least the program to run");
    }
    if (argv.get(0).isBlank()) {
      throw new IllegalArgumentException("A command's program must not be blank");
    }
    for (String arg : argv) {
      if (arg.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("Command arguments cannot contain NUL characters");
      }
    }
    Objects.requireNonNull(stdin, "stdin");
    environment = Maps.copySorted(environment, "Environment variable");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
      throw new IllegalArgumentException("A command timeout must be positive, got " + timeout.get());
    }
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv), Optional.empty(), Map.of(), Optional.empty());
  }

  public static Command of(List<String> argv) {
    return new Command(argv, Optional.empty(), Map.of(), Optional.empty());
  }

  public Command withStdin(String input) {
    return new Command(argv, Optional.of(input), environment, timeout);
  }

  public Command withTimeout(Duration limit) {
    return new Command(argv, stdin, environment, Optional.of(limit));
  }

  public Command withEnvironment(Map<String, String> variables) {
    return new Command(argv, stdin, variables, timeout);
  }

  /** The command as a person would type it in a POSIX shell, each argument quoted when needed. */
  public String display() {
    return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
  }

  @Override
  public String toString() {
    return display();
  }
}
