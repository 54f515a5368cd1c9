package dev.steward.status;

import dev.steward.StewardException;
import java.util.OptionalLong;

/** Another process already publishes status under the same name: two instances would overwrite each other. */
public class InstanceRunningException extends StewardException {
  private static final long serialVersionUID = 1L;
  private final transient StatusLocation location;
  private final long pid;

  /** @param pid the running instance's pid, or not positive when it could not be read */
  public InstanceRunningException(StatusLocation location, long pid) {
    super("Another instance named '" + location.name() + "' is already running"
        + (pid > 0 ? " (pid " + pid + ")" : "") + ": it holds " + location.lock()
        + ". Stop it first, or give this one another name with steward.instance.");
    this.location = location;
    this.pid = pid;
  }

  public StatusLocation location() {
    return location;
  }

  /** The pid of the running instance, when it could be read from the lock file. */
  public OptionalLong pid() {
    return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
  }
}
