/**
 * Steward's API for embedders: the resource model (keys, specs, records, observations, actions,
 * commands), the extension points ({@link dev.steward.Transport}, {@link dev.steward.Probe},
 * {@link dev.steward.ProcessManager}, {@link dev.steward.FirewallManager}, {@link
 * dev.steward.NodeSelector}, {@link dev.steward.StateStore}), settings and the exceptions.
 */
package dev.steward;
