package dev.steward.spi;

import dev.steward.leader.LeaderElection;

/**
 * Builds a {@link LeaderElection}: one candidate's seat in the election of the instances that share
 * a store. Register implementations for {@link java.util.ServiceLoader}.
 */
public interface LeaderElectionProvider extends Provider<LeaderElection> {}
