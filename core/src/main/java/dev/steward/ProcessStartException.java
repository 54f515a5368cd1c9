package dev.steward;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A {@link ProcessManager} could not start the process of a resource: its command does not exist,
 * its port is taken, or it exited (or did not start listening) soon after it was launched. Carries
 * the resource, the exit status when one is known, and the last lines the process printed, so a
 * caller can record why without reading logs.
 */
public class ProcessStartException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final ResourceKey key;
  private final int exitCode;
  private final boolean exited;
  private final List<String> logTail;

  /**
   * @param key the resource whose process did not start
   * @param message what happened and what to do next
   * @param exitCode the process's exit status, when it was launched and exited
   * @param logTail the last lines of its log, oldest first; empty when there are none
   * @param cause the underlying failure, or {@code null}
   */
  public ProcessStartException(ResourceKey key, String message, OptionalInt exitCode, List<String> logTail, Throwable cause) {
    super(message, cause);
    this.key = Objects.requireNonNull(key, "key");
    this.exited = exitCode.isPresent();
    this.exitCode = exitCode.orElse(0);
    this.logTail = List.copyOf(logTail);
  }

  /** A failure found before anything was launched: no exit status, no log. */
  public ProcessStartException(ResourceKey key, String message) {
    this(key, message, OptionalInt.empty(), List.of(), null);
  }

  public ResourceKey key() {
    return key;
  }

  /** The exit status of the process, when it was launched and exited. */
  public OptionalInt exitCode() {
    return exited ? OptionalInt.of(exitCode) : OptionalInt.empty();
  }

  /** The last lines of the process's log, oldest first; empty when nothing was launched. */
  public List<String> logTail() {
    return logTail;
  }
}
