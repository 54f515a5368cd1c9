package dev.steward.examples.cli;

import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.status.StatusLocation;
import dev.steward.status.StatusSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --dir}, {@code --name} and {@code --host} options of the commands that talk to a running instance. */
final class StatusTarget {
  @Option(names = "--dir", paramLabel = "DIR",
      description = "The status directory (default: the setting steward.status.dir, $XDG_RUNTIME_DIR/steward when set).")
  Path dir;

  @Option(names = "--name", paramLabel = "NAME", description = "The instance name (default: the setting steward.instance, 'default').")
  String name;

  @Option(names = "--host", paramLabel = "HOST", description = {
      "The instance that serves HOST: ssh://user@host[:port], user@host, host[:port] or a Host of the ssh config",
      "(steward.ssh.config); its status files are named by a hash of the host, whichever way it is written."})
  String host;

  Path directory(Settings settings) {
    return dir != null ? dir : settings.get(StatusSettings.DIRECTORY);
  }

  String instance(Settings settings) {
    return name != null ? name : settings.get(CoreSettings.INSTANCE);
  }

  /** The host as given, or {@code local}. */
  String host() {
    return host == null || host.isBlank() ? "local" : host;
  }

  /**
   * Where the instance's status lives. For {@code --host}, each name the host goes by (as written,
   * and its ssh config alias or HostName) is tried, and the first whose status file or socket
   * exists wins; with none, the name as written.
   */
  StatusLocation location(Settings settings) {
    Path directory = directory(settings);
    String instance = instance(settings);
    if (host == null) {
      return StatusLocation.of(directory, instance);
    }
    List<String> names = SshAliases.of(settings.get(SshSettings.CONFIG_FILE)).names(host);
    for (String candidate : names) {
      StatusLocation location = StatusLocation.of(directory, instance, candidate);
      if (Files.exists(location.socket()) || Files.exists(location.file())) {
        return location;
      }
    }
    return StatusLocation.of(directory, instance, names.get(0));
  }
}
