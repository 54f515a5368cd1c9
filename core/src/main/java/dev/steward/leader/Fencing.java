package dev.steward.leader;

import dev.steward.StateStore;
import dev.steward.internal.leader.FencedStateStore;
import java.util.Optional;

/** Makes a store's writes the leader's only. */
public final class Fencing {
  private Fencing() {}

  /**
   * A view of {@code store} for the leader of {@code election}: reads pass through; every write
   * needs {@code election}'s {@link LeaderElection#fence() fence} and is refused with a {@link
   * NotLeaderException}, nothing written, when this instance does not lead. A {@link
   * FenceableStore} checks the fence's term in the write's own transaction; any other store is
   * checked just before each write, which is enough for the {@code file} election (a leader keeps
   * its lock while its process lives). Closing the view leaves {@code store} open.
   */
  public static StateStore fence(StateStore store, LeaderElection election) {
    if (store instanceof FenceableStore fenceable) {
      return fenceable.fencedBy(election);
    }
    return new FencedStateStore(store, election);
  }

  /**
   * {@code election}'s fence, or a {@link NotLeaderException} that says {@code write} was refused,
   * why, and who leads, for a store to throw before it touches anything.
   */
  public static Fence require(LeaderElection election, String write) {
    return election.fence().orElseThrow(() -> new NotLeaderException(
        "Refused to " + write + ": this instance (" + election.candidate() + ") does not lead '" + election.name() + "'"
            + election.lastSeen().filter(l -> !l.holder().equals(election.candidate()))
                .map(l -> "; " + l.holder() + " does, with term " + l.term()).orElse("")
            + ". Only the leader writes; this instance goes on observing.", Optional.empty()));
  }
}
