package dev.steward.leader;

import java.time.Duration;
import java.util.Optional;

/**
 * One candidate's seat in an election among the Steward instances that share a store. Built by a
 * {@link dev.steward.spi.LeaderElectionProvider} ({@code file}: the instances of one machine;
 * {@code postgres}: any machines that reach one database); a {@link LeaderKeeper} campaigns on a
 * schedule.
 *
 * <p>The rules every implementation keeps:
 * <ul>
 *   <li>At most one candidate holds the lease at a time; a lease is taken only when it is free or
 *       has run out, by the election's own clock, and taking it starts a new, higher term.
 *   <li>{@link #fence()} is this candidate's own view and needs no I/O: present only while the lease
 *       cannot yet have run out for the others, counted from before the last successful renewal
 *       was sent, minus a margin. A leader that cannot renew therefore steps down before anyone
 *       else may take over.
 *   <li>A store given this election ({@link dev.steward.leader.Fencing#fence}) refuses writes
 *       without a fence, and the {@code postgres} store checks the term in each write's own
 *       transaction, so a paused ex-leader's late writes fail even if it still believes it leads.
 * </ul>
 *
 * <p>Side effects outside the store (commands on hosts) are not fenced: a kind's actions must stay
 * safe to repeat. Implementations are thread-safe.
 */
public interface LeaderElection extends AutoCloseable {
  /** The name of what is led, e.g. a fleet ({@link LeaderSettings#NAME}). */
  String name();

  /** This candidate, unique among the instances ({@link LeaderSettings#CANDIDATE}). */
  String candidate();

  /** How long a lease lasts unless renewed ({@link LeaderSettings#LEASE}). */
  Duration leaseTime();

  /**
   * One round: renews the lease this candidate holds, or takes it when it is free or has run out.
   * Losing it (someone else's term, or a renewal refused) ends this candidate's fence at once.
   *
   * @throws LeaderElectionException when the election's record cannot be reached; this candidate
   *     then does not lead until a later round succeeds
   */
  LeaderView campaign();

  /** This candidate's fence while it leads, by its own conservative clock; empty otherwise. No I/O. */
  Optional<Fence> fence();

  /** Whether this candidate leads now: {@code fence().isPresent()}. */
  default boolean leading() {
    return fence().isPresent();
  }

  /** The lease as last seen by a campaign (this candidate's or another's); no I/O. */
  Optional<Lease> lastSeen();

  /** Gives the lease up at once when this candidate holds it, so another may take it without waiting. */
  void resign();

  /** Resigns and releases what the election holds (connections, locks). */
  @Override
  void close();
}
