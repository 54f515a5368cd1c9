package dev.steward.process;

import dev.steward.CoreSettings;
import dev.steward.Setting;
import dev.steward.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The settings of the {@code process} ProcessManager. Immutable and thread-safe.
 *
 * <p>The directory's default depends on {@link CoreSettings#INSTANCE}, so {@link #DIRECTORY} has no
 * fixed default: read it with {@link #directory(Settings)}.
 */
public final class ProcessManagerSettings {
  public static final Setting<Path> DIRECTORY = Setting.path("steward.process.dir",
      "where the process manager keeps one record and one log per node (created 0700); by default "
          + "$XDG_STATE_HOME/steward/<instance>/processes, else ~/.local/state/steward/<instance>/processes");

  public static final Setting<Duration> STOP_GRACE = Setting.duration("steward.process.stop-grace",
          "how long a node has to exit after SIGTERM before it is killed, when the caller names no grace")
      .withDefault(Duration.ofSeconds(10))
      .require(d -> !d.isNegative(), "not be negative");

  public static final Setting<Duration> START_CHECK = Setting.duration("steward.process.start-check",
          "how long start() watches a new node (and waits for its port to listen) before calling it running")
      .withDefault(Duration.ofSeconds(2))
      .require(d -> !d.isNegative() && !d.isZero(), "be positive")
      .require(d -> d.compareTo(Duration.ofHours(1)) <= 0, "be at most 1h");

  private ProcessManagerSettings() {}

  public static List<Setting<?>> all() {
    return List.of(DIRECTORY, STOP_GRACE, START_CHECK);
  }

  /** The directory set in {@code settings}, else the default for its instance. */
  public static Path directory(Settings settings) {
    return settings.find(DIRECTORY).orElseGet(() -> defaultDirectory(settings.get(CoreSettings.INSTANCE)));
  }

  /**
   * {@code $XDG_STATE_HOME/steward/<instance>/processes}, else
   * {@code ~/.local/state/steward/<instance>/processes}.
   */
  public static Path defaultDirectory(String instance) {
    String xdg = System.getenv("XDG_STATE_HOME");
    Path base = xdg != null && !xdg.isBlank()
        ? Path.of(xdg, "steward")
        : Path.of(System.getProperty("user.home"), ".local", "state", "steward");
    return base.resolve(instance).resolve("processes");
  }
}
