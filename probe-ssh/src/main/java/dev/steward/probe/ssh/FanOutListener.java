package dev.steward.probe.ssh;

/**
 * Hears how a fan-out progresses, e.g. to draw a progress bar. Called from the fan-out's worker
 * threads, several at once: implementations must be thread-safe and quick. An exception thrown
 * here is logged and otherwise ignored.
 */
public interface FanOutListener {
  /** Does nothing. */
  FanOutListener NONE = new FanOutListener() {};

  /** A worker began with {@code host}. */
  default void hostStarted(String host) {}

  /** {@code outcome} is in; {@code finished} of {@code total} hosts are done. */
  default void hostFinished(HostOutcome outcome, int finished, int total) {}
}
