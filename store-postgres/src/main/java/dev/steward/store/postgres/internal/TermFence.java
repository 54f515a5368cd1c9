package dev.steward.store.postgres.internal;

import dev.steward.leader.Fencing;
import dev.steward.leader.Fence;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.NotLeaderException;
import dev.steward.store.postgres.internal.Transactions.Tx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What a fenced postgres store does first in every write transaction, in every attempt of it (a
 * retry after a lost race or a lost session checks again): the candidate's own fence, without
 * I/O, then the term and holder in the leader row, read {@code FOR SHARE} in the write's own
 * transaction ({@link LeaderTable#fence}). Either refused, the write stops with a {@link
 * NotLeaderException} and nothing is written; else the write's rows are stamped with the term.
 * Immutable and thread-safe.
 */
final class TermFence {
  private final LeaderElection election;
  private final LeaderTable sql;

  TermFence(LeaderElection election, Tables tables) {
    this.election = election;
    this.sql = new LeaderTable(tables);
  }

  /** Refuses {@code write} without touching the database when this candidate does not believe it leads. */
  Fence require(String write) {
    return Fencing.require(election, write);
  }

  /** Checks, in {@code tx}, that the database holds this candidate's term, and stamps {@code tx} with it. */
  void check(Tx tx, String write) throws SQLException {
    check(tx, require(write), write);
  }

  /** Checks, in {@code tx}, that the database holds {@code fence}'s term and holder, and stamps {@code tx} with it. */
  void check(Tx tx, Fence fence, String write) throws SQLException {
    try (PreparedStatement s = tx.connection.prepareStatement(sql.fence())) {
      s.setString(1, fence.election());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new NotLeaderException("Refused to " + write + ": no term of '" + fence.election()
              + "' is in the database, so " + fence + " was not won there. Only the leader writes; with the postgres store,"
              + " elect it with the postgres election (steward.leader-election=postgres).", Optional.of(fence));
        }
        long term = rs.getLong(1);
        String holder = rs.getString(2);
        if (term != fence.term() || !holder.equals(fence.holder())) {
          throw new NotLeaderException("Refused to " + write + ": " + fence + " is over; the database holds term " + term + " of "
              + holder + ". Only the leader writes; this instance goes on observing.", Optional.of(fence));
        }
      }
    }
    tx.fencedWith(fence.term());
  }
}
