package dev.steward.store;

import dev.steward.StewardException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/** Another writer held the state directory's lock for longer than the lock timeout. */
public class StoreLockedException extends StewardException {
  private static final long serialVersionUID = 1L;
  private final transient Path directory;
  private final long holderPid;

  /** Held by another process: {@code holderPid}, or an unknown one when it is not positive. */
  public StoreLockedException(Path directory, long holderPid, Duration waited) {
    this(directory, holderPid, holderPid > 0 ? "process " + holderPid : "another process", waited);
  }

  /**
   * Held by the writer that {@code holder} describes in words ("process 4711", "another thread of
   * this process (pid 4711)"); {@code holderPid} is the pid of the process it runs in, or not
   * positive when unknown.
   */
  public StoreLockedException(Path directory, long holderPid, String holder, Duration waited) {
    super("The state directory " + directory + " is locked by " + Objects.requireNonNull(holder, "holder")
        + "; gave up after " + waited.toMillis() + " ms. Wait for it to finish, or raise steward.store.lock-timeout.");
    this.directory = directory;
    this.holderPid = holderPid;
  }

  /** The lock is held by another thread of this process. */
  public static StoreLockedException heldByAnotherThread(Path directory, Duration waited) {
    long pid = ProcessHandle.current().pid();
    return new StoreLockedException(directory, pid, "another thread of this process (pid " + pid + ")", waited);
  }

  public Path directory() {
    return directory;
  }

  /**
   * The pid of the process that held the lock, when it is known: this process's own pid when
   * another thread of it held the lock.
   */
  public OptionalLong holderPid() {
    return holderPid > 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
  }
}
