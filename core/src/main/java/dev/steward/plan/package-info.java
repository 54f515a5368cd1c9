/**
 * The decision engine: from the desired fleets, the records, the drift report, host metrics and a
 * policy, an ordered {@link dev.steward.plan.Plan} of actions, each with a priority and a reason,
 * and the actions held back by a budget or a threshold, with why. For embedders and for the
 * reconciler. Planning is a pure function; the types are immutable and thread-safe.
 */
package dev.steward.plan;
