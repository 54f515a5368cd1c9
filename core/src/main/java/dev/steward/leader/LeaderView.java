package dev.steward.leader;

import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link LeaderElection#campaign() campaign} found.
 *
 * @param leading whether this candidate leads now
 * @param lease the lease as the shared record holds it; empty when nobody has ever led, or the
 *     lease has run out and nobody took it yet
 */
public record LeaderView(boolean leading, Optional<Lease> lease) {
  public LeaderView {
    Objects.requireNonNull(lease, "lease");
    if (leading && lease.isEmpty()) {
      throw new IllegalArgumentException("A leading candidate holds a lease");
    }
  }
}
