package dev.steward.examples.cli;

import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.status.StatusLocation;
import dev.steward.status.StatusSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dir} and {@code --name} options of the commands that talk to a running instance. */
final class StatusTarget {
  @Option(names = "--dir", paramLabel = "DIR",
      description = "The status directory (default: the setting steward.status.dir, $XDG_RUNTIME_DIR/steward when set).")
  Path dir;

  @Option(names = "--name", paramLabel = "NAME", description = "The instance name (default: the setting steward.instance, 'default').")
  String name;

  StatusLocation location(Settings settings) {
    Path directory = dir != null ? dir : settings.get(StatusSettings.DIRECTORY);
    String instance = name != null ? name : settings.get(CoreSettings.INSTANCE);
    return StatusLocation.of(directory, instance);
  }
}
