/**
 * For embedders that reach hosts over SSH: the settings of the {@code ssh} transport
 * ({@link dev.steward.probe.ssh.SshSettings}), the errors it raises for a host it cannot use, and
 * {@link dev.steward.probe.ssh.SshFanOut}, which runs commands on many hosts at once. The transport
 * itself is selected by id ({@code steward.transport=ssh}) or opened with
 * {@link dev.steward.probe.ssh.SshTransport#open(dev.steward.Settings)}.
 */
package dev.steward.probe.ssh;
