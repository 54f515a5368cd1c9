package dev.steward.probe.ssh.internal.host;

import dev.steward.CoreSettings;
import dev.steward.Probe;
import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.Transport;
import dev.steward.probe.ssh.SshProbe;
import dev.steward.probe.ssh.SshProbeSettings;
import dev.steward.spi.ProbeProvider;
import dev.steward.spi.ProviderContext;
import java.security.SecureRandom;
import java.util.List;

/** The {@code ssh} probe: observes hosts through the context's transport (normally {@code ssh}). */
public final class SshProbeProvider implements ProbeProvider {
  @Override
  public String id() {
    return "ssh";
  }

  @Override
  public String description() {
    return "observes hosts over the transport (ssh): projects (pip editables and bind mounts), systemd units, containers, ufw, ports, load";
  }

  @Override
  public List<Setting<?>> settings() {
    return SshProbeSettings.all();
  }

  @Override
  public Probe create(ProviderContext context) {
    // The transport is made on first use: creating the probe connects nowhere.
    return build(context::transport, context.settings());
  }

  /** The probe of {@link SshProbe#create}. */
  public static SshProbe probe(Transport transport, Settings settings) {
    return build(() -> transport, settings);
  }

  private static SshProbe build(java.util.function.Supplier<Transport> transport, Settings settings) {
    settings.validate(SshProbeSettings.all());
    return new HostProbe(transport, settings.get(CoreSettings.CLOCK), new HostProbe.Options(
        settings.find(SshProbeSettings.SOURCE_ROOT),
        SshProbeSettings.parseProjects(settings.find(SshProbeSettings.PROJECTS).orElse("")),
        settings.get(SshProbeSettings.PYTHON),
        SshProbeSettings.areas(settings.get(SshProbeSettings.OBSERVE)),
        List.of(settings.get(SshProbeSettings.UNITS).split(",")).stream().map(String::strip).toList(),
        settings.get(SshProbeSettings.TIMEOUT), settings.get(SshProbeSettings.CONCURRENCY)), new SecureRandom());
  }

}
