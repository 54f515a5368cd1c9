package dev.steward.firewall.ufw.internal;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A transport that runs nothing: it records every command with its host, and answers each with the
 * result scripted for its words after {@code env LC_ALL=C ufw}; an unscripted command exits 127,
 * so a command the test did not expect fails loudly. Thread-safe.
 */
final class FakeUfwTransport implements Transport {
  private static final List<String> PREFIX = List.of("env", "LC_ALL=C", "ufw");

  private record Answer(int exitCode, String stdout, String stderr) {}

  private final List<String> ran = new ArrayList<>();
  private final Map<String, Answer> answers = new HashMap<>();

  /** Answers {@code ufw WORDS} with exit 0 and {@code stdout}. */
  FakeUfwTransport answer(String words, String stdout) {
    return answer(words, 0, stdout, "");
  }

  synchronized FakeUfwTransport answer(String words, int exitCode, String stdout, String stderr) {
    answers.put(words, new Answer(exitCode, stdout, stderr));
    return this;
  }

  @Override
  public synchronized CommandResult run(String host, Command command) {
    if (!command.argv().subList(0, 3).equals(PREFIX)) {
      throw new AssertionError("not a 'env LC_ALL=C ufw' command: " + command.argv());
    }
    String words = String.join(" ", command.argv().subList(3, command.argv().size()));
    ran.add(host + ": " + words);
    Answer answer = answers.getOrDefault(words, new Answer(127, "", "not scripted: ufw " + words));
    return new CommandResult(host, command, answer.exitCode(), answer.stdout(), answer.stderr(), false, false, Duration.ZERO);
  }

  /** Every command run so far, as {@code HOST: WORDS-AFTER-ufw}, in order. */
  synchronized List<String> ran() {
    return List.copyOf(ran);
  }

  /** A sample output under src/test/resources/ufw. */
  static String sample(String name) {
    try (InputStream in = FakeUfwTransport.class.getResourceAsStream("/ufw/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
