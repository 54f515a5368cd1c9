package dev.steward.process.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the file a command's first word names, the way {@code execvp} would: a word with a slash is
 * a path (relative to the working directory), any other is looked up in {@code PATH}. Done before
 * launching, so a missing command is an error that names it, not a process that dies at once.
 * Thread-safe: no state.
 */
public final class CommandResolver {
  private CommandResolver() {}

  /** The outcome: the executable found, or why none was. */
  public record Resolution(Optional<Path> executable, String problem) {
    static Resolution found(Path path) {
      return new Resolution(Optional.of(path), "");
    }

    static Resolution missing(String problem) {
      return new Resolution(Optional.empty(), problem);
    }
  }

  /**
   * @param program the command's first word
   * @param workingDirectory where the process will run
   * @param path the {@code PATH} the process will see, or empty when it has none
   */
  public static Resolution resolve(String program, Path workingDirectory, Optional<String> path) {
    if (program.isEmpty()) {
      return Resolution.missing("the command's first word is empty");
    }
    if (program.indexOf('\0') >= 0) {
      return Resolution.missing("the command's first word contains a NUL character");
    }
    if (program.contains("/")) {
      Path file;
      try {
        file = workingDirectory.resolve(program).normalize();
      } catch (InvalidPathException e) {
        return Resolution.missing("'" + program + "' is not a valid path");
      }
      if (!Files.exists(file)) {
        return Resolution.missing("the command '" + program + "' does not exist"
            + (Path.of(program).isAbsolute() ? "" : " (looked for " + file + ")"));
      }
      if (Files.isDirectory(file)) {
        return Resolution.missing("the command '" + program + "' is a directory, not a program");
      }
      if (!Files.isExecutable(file)) {
        return Resolution.missing("the command '" + program + "' is not executable: chmod +x " + file);
      }
      return Resolution.found(file);
    }
    List<String> looked = new ArrayList<>();
    boolean notExecutable = false;
    for (String entry : path.orElse("").split(":", -1)) {
      if (path.isEmpty()) {
        break;
      }
      Path dir = entry.isEmpty() ? workingDirectory : workingDirectory.resolve(entry);
      looked.add(entry.isEmpty() ? "." : entry);
      Path file = dir.resolve(program);
      if (Files.isRegularFile(file)) {
        if (Files.isExecutable(file)) {
          return Resolution.found(file.normalize());
        }
        notExecutable = true;
      }
    }
    if (path.isEmpty() || path.get().isEmpty()) {
      return Resolution.missing("the command '" + program + "' cannot be looked up: the process has no PATH. "
          + "Give its absolute path, or set env.PATH");
    }
    return Resolution.missing("the command '" + program + "' was not found"
        + (notExecutable ? " as an executable file" : "") + " in PATH (" + String.join(":", looked) + "). "
        + "Install it, or give its absolute path");
  }
}
