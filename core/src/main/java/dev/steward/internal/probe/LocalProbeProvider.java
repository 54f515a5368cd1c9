package dev.steward.internal.probe;

import dev.steward.CoreSettings;
import dev.steward.LocalProbeSettings;
import dev.steward.Probe;
import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.internal.proc.ProcTable;
import dev.steward.spi.ProbeProvider;
import dev.steward.spi.ProviderContext;
import java.util.ArrayList;
import java.util.List;

/** The {@code local} probe: processes, listening ports and load of this machine, read from {@code /proc}. */
public final class LocalProbeProvider implements ProbeProvider {
  @Override
  public String id() {
    return "local";
  }

  @Override
  public String description() {
    return "observes this machine (host 'local') from /proc: marked processes, listening TCP/UDP ports, CPU, memory, disk, load";
  }

  @Override
  public List<Setting<?>> settings() {
    List<Setting<?>> keys = new ArrayList<>(LocalProbeSettings.all());
    keys.add(CoreSettings.INSTANCE);
    return keys;
  }

  @Override
  public Probe create(ProviderContext context) {
    Settings settings = context.settings();
    return new LocalProbe(ProcTable.ofThisMachine(), settings.get(CoreSettings.INSTANCE), context.clock(),
        settings.get(LocalProbeSettings.CPU_SAMPLE), settings.get(LocalProbeSettings.DISK_PATH));
  }
}
