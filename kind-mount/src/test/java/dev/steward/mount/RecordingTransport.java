package dev.steward.mount;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A transport that runs nothing: it records every command it is asked to run, in order, and answers
 * each with the first scripted result whose test matches it, else exit 0 with no output.
 * Thread-safe.
 */
final class RecordingTransport implements Transport {
  private record Answer(Predicate<Command> matches, int exitCode, String stdout, String stderr) {}

  private final List<Command> commands = new ArrayList<>();
  private final List<Answer> answers = new ArrayList<>();

  /** Answers the commands {@code matches} accepts with {@code exitCode} and {@code stdout}. */
  synchronized RecordingTransport answer(Predicate<Command> matches, int exitCode, String stdout, String stderr) {
    answers.add(new Answer(matches, exitCode, stdout, stderr));
    return this;
  }

  /** Answers the commands whose words include {@code word}. */
  RecordingTransport answerWhenAny(String word, int exitCode, String stdout, String stderr) {
    return answer(c -> c.argv().contains(word), exitCode, stdout, stderr);
  }

  @Override
  public synchronized CommandResult run(String host, Command command) {
    commands.add(command);
    for (Answer answer : answers) {
      if (answer.matches().test(command)) {
        return new CommandResult(host, command, answer.exitCode(), answer.stdout(), answer.stderr(), false, false,
            Duration.ZERO);
      }
    }
    return new CommandResult(host, command, 0, "", "", false, false, Duration.ZERO);
  }

  /** Every command run so far, in order. */
  synchronized List<Command> commands() {
    return List.copyOf(commands);
  }

  /** Every command run so far, each as its argument vector. */
  synchronized List<List<String>> argvs() {
    return commands.stream().map(Command::argv).toList();
  }

  synchronized boolean ran(Predicate<Command> which) {
    return commands.stream().anyMatch(which);
  }
}
