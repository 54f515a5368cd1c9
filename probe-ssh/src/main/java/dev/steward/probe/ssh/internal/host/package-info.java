/**
 * The {@code ssh} probe's inside: the one shell script a host runs per observation, the reading of
 * its sections, and the pure mapping from parsed command output to observed resources. Not part of
 * the API; {@code module-info.java} does not export it.
 */
package dev.steward.probe.ssh.internal.host;
