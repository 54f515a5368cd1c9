package dev.steward.systemd;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A Transport around the real one that keeps every command it is given, and lets a test step in:
 * hold a command back, run another in its place, or change what came back. Thread-safe.
 */
final class WatchedTransport implements Transport {
  /** How one command is run; by default as it is, through the real transport. */
  interface Step {
    CommandResult run(String host, Command command, Transport real);
  }

  private final Transport real;
  private final Step step;
  private final List<Command> commands = new ArrayList<>();

  WatchedTransport(Transport real, Step step) {
    this.real = real;
    this.step = step;
  }

  WatchedTransport(Transport real) {
    this(real, (host, command, transport) -> transport.run(host, command));
  }

  @Override
  public CommandResult run(String host, Command command) {
    synchronized (commands) {
      commands.add(command);
    }
    return step.run(host, command, real);
  }

  /** The commands given so far, oldest first. */
  List<Command> commands() {
    synchronized (commands) {
      return List.copyOf(commands);
    }
  }

  /** How many of the commands given so far match. */
  long count(Predicate<Command> which) {
    return commands().stream().filter(which).count();
  }

  /** Whether {@code command} runs {@code systemctl [--user] WORD}. */
  static boolean isSystemctl(Command command, String word) {
    List<String> argv = command.argv();
    return argv.get(0).equals("systemctl") && argv.contains(word);
  }

  @Override
  public void close() {
    real.close();
  }
}
