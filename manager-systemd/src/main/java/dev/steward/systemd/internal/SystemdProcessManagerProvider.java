package dev.steward.systemd.internal;

import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.spi.ProcessManagerProvider;
import dev.steward.spi.ProviderContext;
import dev.steward.systemd.SystemdSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code systemd} ProcessManager: one unit per node, driven with systemctl through the context's Transport. */
public final class SystemdProcessManagerProvider implements ProcessManagerProvider {
  @Override
  public String id() {
    return "systemd";
  }

  @Override
  public String description() {
    return "one systemd unit per node in /etc/systemd/system (or ~/.config/systemd/user), through the transport (local or ssh)";
  }

  @Override
  public List<Setting<?>> settings() {
    List<Setting<?>> keys = new ArrayList<>(SystemdSettings.all());
    keys.add(CoreSettings.INSTANCE);
    return keys;
  }

  @Override
  public ProcessManager create(ProviderContext context) {
    Settings settings = context.settings();
    List<String> hosts = Arrays.stream(settings.get(SystemdSettings.HOSTS).split(","))
        .map(String::strip).filter(h -> !h.isEmpty()).toList();
    UnitScope scope = UnitScope.parse(settings.get(SystemdSettings.SCOPE)).orElseThrow();
    return new SystemdProcessManager(context.transport(), scope, settings.get(CoreSettings.INSTANCE), hosts,
        new SystemdProcessManager.Timing(settings.get(SystemdSettings.STOP_GRACE), settings.get(SystemdSettings.START_TIMEOUT),
            settings.get(SystemdSettings.START_CHECK)),
        context.clock());
  }
}
