package dev.steward.store;

import dev.steward.StewardException;
import java.nio.file.Path;
import java.util.List;

/**
 * The state directory cannot be read into a trustworthy state. The message names every file that
 * was tried and what to do next; nothing was changed.
 */
public class StoreCorruptedException extends StewardException {
  private static final long serialVersionUID = 1L;
  private final transient List<Path> files;

  public StoreCorruptedException(String message, List<Path> files, Throwable cause) {
    super(message, cause);
    this.files = List.copyOf(files);
  }

  /** The files that were found unusable. */
  public List<Path> files() {
    return files;
  }
}
