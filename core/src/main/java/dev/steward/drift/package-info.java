/**
 * Drift: what the store remembers compared with what probes saw. {@link dev.steward.drift.Drift#classify}
 * is a pure function that puts every resource in exactly one {@link dev.steward.drift.DriftClass}
 * and lists what is on hosts but known to no configuration. For embedders and for the decision
 * engine; every type here is immutable and thread-safe.
 */
package dev.steward.drift;
