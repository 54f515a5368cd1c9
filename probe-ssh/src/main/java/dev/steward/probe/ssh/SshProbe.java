package dev.steward.probe.ssh;

import dev.steward.Probe;
import dev.steward.Settings;
import dev.steward.Transport;
import dev.steward.probe.ssh.internal.host.SshProbeProvider;

/**
 * The {@code ssh} probe: observes a host by running one small shell script on it through a
 * {@link Transport} (normally the {@link SshTransport}) and reading the output with the parsers of
 * {@code dev.steward.observe}. One observation per host holds:
 * <ul>
 *   <li>{@code project/NAME}: per project below {@link SshProbeSettings#SOURCE_ROOT} (or named in
 *       {@link SshProbeSettings#PROJECTS}), with part {@code editable} when a pip editable install
 *       points into it and {@code mount:TARGET} for each bind mount whose source lies in it;
 *       attributes {@code source_path}, {@code distribution}, {@code version}, {@code location},
 *       {@code mounts} and {@code mount:TARGET} (the mount's source);
 *   <li>{@code unit/NAME} (systemctl show), {@code container/NAME} (docker ps), {@code firewall/ufw}
 *       and {@code firewall-rule/N} (ufw status verbose), {@code listener/tcp:22} (/proc/net) and
 *       host metrics (/proc/stat, meminfo, loadavg, stat -f /), where the host has the tools;
 *   <li>{@code probe/ssh}: what was observed, and in {@code skipped.AREA} / {@code failed.AREA} what
 *       was not and why.
 * </ul>
 * A host that cannot be reached or logged into, or whose mount table or pip list cannot be read,
 * gives {@link dev.steward.Observation#unreachable} with the reason. Thread-safe.
 */
public interface SshProbe extends Probe {
  /**
   * A probe that runs its commands through {@code transport}, which the caller keeps and closes.
   *
   * @throws dev.steward.InvalidSettingsException listing every bad {@link SshProbeSettings} value
   */
  static SshProbe create(Transport transport, Settings settings) {
    return SshProbeProvider.probe(transport, settings);
  }
}
