package dev.steward.docker.internal;

import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.Setting;
import dev.steward.Settings;
import dev.steward.docker.DockerSettings;
import dev.steward.spi.ProcessManagerProvider;
import dev.steward.spi.ProviderContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code docker} ProcessManager: one container per node, or several packed in one, driven with
 * the docker command through the context's Transport.
 */
public final class DockerProcessManagerProvider implements ProcessManagerProvider {
  @Override
  public String id() {
    return "docker";
  }

  @Override
  public String description() {
    return "one Docker container per node, or several nodes packed in one, made and driven with the docker command through the transport"
        + " (local or ssh)";
  }

  @Override
  public List<Setting<?>> settings() {
    List<Setting<?>> keys = new ArrayList<>(DockerSettings.all());
    keys.add(CoreSettings.INSTANCE);
    return keys;
  }

  @Override
  public ProcessManager create(ProviderContext context) {
    Settings settings = context.settings();
    List<String> hosts = Arrays.stream(settings.get(DockerSettings.HOSTS).split(","))
        .map(String::strip).filter(h -> !h.isEmpty()).toList();
    DockerCli docker = new DockerCli(context.transport(), settings.get(DockerSettings.COMMAND), settings.get(DockerSettings.PULL_TIMEOUT));
    return new DockerProcessManager(docker, settings.get(CoreSettings.INSTANCE), hosts,
        new DockerProcessManager.Timing(settings.get(DockerSettings.STOP_GRACE), settings.get(DockerSettings.START_CHECK)),
        context.clock());
  }
}
