/**
 * Leader election with fencing: when several Steward instances share one store, one leads and acts
 * and the others observe and answer. A {@link dev.steward.leader.LeaderElection} holds a lease that
 * its {@link dev.steward.leader.LeaderKeeper} renews; each lease has a term that only grows, and the
 * leader's writes carry it as a {@link dev.steward.leader.Fence}, so a store refuses the writes of a
 * leader whose term is over ({@link dev.steward.leader.Fencing#fence}).
 */
package dev.steward.leader;
