package dev.steward.spi.support;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Quotes arguments for a POSIX shell. Used wherever an argument vector has to travel as one
 * command line (SSH, {@code sh -c}). Thread-safe.
 */
public final class ShellQuoting {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellQuoting() {}

  /** One argument as a single shell word: left alone when safe, else in single quotes. */
  public static String quote(String argument) {
    if (!argument.isEmpty() && SAFE.matcher(argument).matches()) {
      return argument;
    }
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  /** The argument vector as one command line whose words are exactly {@code argv}. */
  public static String join(List<String> argv) {
    return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
  }

  /**
   * Splits a command line into words the way a POSIX shell does, but only its quoting: single
   * quotes keep everything, double quotes keep everything but {@code \"}, {@code \\}, {@code \$} and
   * {@code \`} escapes, a backslash outside quotes keeps the next character. Nothing is expanded
   * ({@code $HOME}, {@code *} and {@code ~} stay as they are), so {@code split(join(argv))} is
   * {@code argv}.
   *
   * @throws IllegalArgumentException when a quote is not closed or the line ends in a backslash
   */
  public static List<String> split(String line) {
    java.util.ArrayList<String> words = new java.util.ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("the single quote at position " + i + " is not closed");
        }
        word.append(line, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        int j = i + 1;
        while (true) {
          if (j >= line.length()) {
            throw new IllegalArgumentException("the double quote at position " + i + " is not closed");
          }
          char d = line.charAt(j);
          if (d == '"') {
            break;
          }
          if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
            word.append(line.charAt(j + 1));
            j += 2;
          } else {
            word.append(d);
            j++;
          }
        }
        inWord = true;
        i = j + 1;
      } else if (c == '\\') {
        if (i + 1 >= line.length()) {
          throw new IllegalArgumentException("the line ends in a backslash");
        }
        if (line.charAt(i + 1) != '\n') {
          word.append(line.charAt(i + 1));
          inWord = true;
        }
        i += 2;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return List.copyOf(words);
  }
}
