package dev.steward.store;

import dev.steward.StewardException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/** Another writer held the state directory's lock for longer than the lock timeout. */
public class StoreLockedException extends StewardException {
  private static final long serialVersionUID = 1L;
  private final transient Path directory;
  private final long holderPid;

  public StoreLockedException(Path directory, long holderPid, Duration waited) {
    super("The state directory " + directory + " is locked by "
        + (holderPid > 0 ? "process " + holderPid : "another process") + "; gave up after " + waited.toMillis()
        + " ms. Wait for it to finish, or raise steward.store.lock-timeout.");
    this.directory = directory;
    this.holderPid = holderPid;
  }

  public Path directory() {
    return directory;
  }

  /** The pid of the process that held the lock, when it could be read. */
  public OptionalLong holderPid() {
    return holderPid > 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
  }
}
