package dev.steward.proxmox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A password or token secret. It shows as {@code ****} in {@link #toString()}, and no message of
 * this module ever contains it: only {@link #reveal()} gives the text, to the code that sends it.
 * Read it from a file or an environment variable, never from a command line (other users can read
 * a process's arguments). Immutable and thread-safe; two secrets are equal only if they are the
 * same object, so no comparison leaks timing.
 */
public final class Secret {
  private static final String MASK = "****";
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * A secret given in code.
   *
   * @throws IllegalArgumentException when it is blank or holds a control character; the message
   *     never contains the secret
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "A secret must not be null");
    return new Secret(check(value, "The secret given in code"));
  }

  /**
   * The first line of {@code file}, without its line end and surrounding blanks:
   * {@code echo secret > file} works.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or holds no secret
   */
  public static Secret fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("The secret file " + file + " cannot be read: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
    }
    String firstLine = text.lines().findFirst().orElse("").strip();
    return new Secret(check(firstLine, "The secret file " + file));
  }

  /**
   * The value of environment variable {@code variable} in {@code environment} (normally
   * {@link System#getenv()}).
   *
   * @throws IllegalArgumentException naming the variable when it is unset or holds no secret
   */
  public static Secret fromEnvironment(String variable, Map<String, String> environment) {
    Objects.requireNonNull(variable, "variable");
    String text = environment.get(variable);
    if (text == null) {
      throw new IllegalArgumentException("The environment variable " + variable + " is not set");
    }
    return new Secret(check(text.strip(), "The environment variable " + variable));
  }

  /** The secret's text, for the one place that sends it. Never log or print it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return MASK;
  }

  private static String check(String value, String source) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(source + " holds no secret (it is empty)");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' || c == 0x7f) {
        throw new IllegalArgumentException(source + " holds a control character at position " + (i + 1)
            + "; a line break or tab cannot be part of a secret");
      }
    }
    return value;
  }
}
