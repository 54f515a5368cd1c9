package dev.steward.examples.fleet;

import dev.steward.StewardException;
import java.nio.file.Path;

/** A fleet file cannot be used: it names the file, the line and column, the field and the problem. */
public final class FleetFileException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final String field;

  FleetFileException(Path file, int line, int column, String field, String problem, Throwable cause) {
    super(file + (line > 0 ? ", line " + line + (column > 0 ? ", column " + column : "") : "")
        + (field.isEmpty() ? "" : " (" + field + ")") + ": " + problem, cause);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  public Path file() {
    return file;
  }

  /** The 1-based line of the problem, 0 when unknown. */
  public int line() {
    return line;
  }

  /** The path of the bad field, e.g. {@code fleets[1].count}; empty when it is about the whole file. */
  public String field() {
    return field;
  }
}
