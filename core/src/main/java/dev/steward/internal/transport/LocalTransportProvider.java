package dev.steward.internal.transport;

import dev.steward.CoreSettings;
import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.Transport;
import dev.steward.spi.ProviderContext;
import dev.steward.spi.TransportProvider;
import java.util.List;

/** The {@code local} transport: commands run as child processes on this machine. */
public final class LocalTransportProvider implements TransportProvider {
  @Override
  public String id() {
    return "local";
  }

  @Override
  public String description() {
    return "runs commands as local child processes (host 'local' or 'localhost')";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(CoreSettings.COMMAND_TIMEOUT, CoreSettings.COMMAND_OUTPUT_LIMIT);
  }

  @Override
  public Transport create(ProviderContext context) {
    Settings settings = context.settings();
    return new LocalTransport(settings.get(CoreSettings.COMMAND_TIMEOUT),
        Math.toIntExact(settings.get(CoreSettings.COMMAND_OUTPUT_LIMIT)));
  }
}
