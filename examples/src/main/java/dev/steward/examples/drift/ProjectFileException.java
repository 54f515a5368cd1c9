package dev.steward.examples.drift;

import dev.steward.StewardException;
import java.nio.file.Path;

/** A project configuration cannot be used: names the file, the line, the field and the problem. */
public final class ProjectFileException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String field;

  ProjectFileException(Path file, int line, String field, String problem, Throwable cause) {
    super(file + (line > 0 ? ", line " + line : "") + (field.isEmpty() ? "" : " (" + field + ")") + ": " + problem, cause);
    this.line = line;
    this.field = field;
  }

  /** The 1-based line of the problem, 0 when unknown. */
  public int line() {
    return line;
  }

  /** The path of the bad field, e.g. {@code projects[1].name}; empty when it is about the whole file. */
  public String field() {
    return field;
  }
}
