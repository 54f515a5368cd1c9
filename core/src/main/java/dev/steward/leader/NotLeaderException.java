package dev.steward.leader;

import dev.steward.StewardException;
import java.util.Optional;

/**
 * A write was refused because the writer does not lead: it never did, its lease ran out, or a newer
 * term exists. Nothing of the write was applied.
 */
public class NotLeaderException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final transient Optional<Fence> fence;

  /**
   * @param message what was refused and why
   * @param fence the fence the write carried; empty when the writer held none
   */
  public NotLeaderException(String message, Optional<Fence> fence) {
    super(message);
    this.fence = fence;
  }

  /** The fence the refused write carried, if any. */
  public Optional<Fence> fence() {
    return fence == null ? Optional.empty() : fence;
  }
}
