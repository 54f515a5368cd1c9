package dev.steward.leader;

import dev.steward.StateStore;

/**
 * A store that checks a leader's fence inside each write's own transaction, so a write of a leader
 * whose term is over is refused even when its process still believes it leads (the {@code postgres}
 * store: the term is read {@code FOR SHARE} in the write's transaction). {@link Fencing#fence} uses
 * it when a store offers it.
 */
public interface FenceableStore extends StateStore {
  /**
   * A view whose reads pass through and whose every write carries {@code election}'s fence and is
   * refused with a {@link NotLeaderException}, nothing written, unless that fence's term is the
   * current one. Closing the view leaves this store open.
   */
  StateStore fencedBy(LeaderElection election);
}
