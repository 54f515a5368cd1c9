package dev.steward.store;

import dev.steward.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The settings of the {@code file} state store. */
public final class FileStoreSettings {
  public static final Setting<Path> DIRECTORY = Setting.path("steward.store.dir",
          "the state directory of the file store (created 0700 if missing)")
      .withDefault(defaultDirectory());

  public static final Setting<Duration> LOCK_TIMEOUT = Setting.duration("steward.store.lock-timeout",
          "how long a writer waits for another process's lock on the state directory")
      .withDefault(Duration.ofSeconds(10))
      .require(d -> !d.isNegative(), "not be negative");

  public static final Setting<Long> COMPACT_AFTER = Setting.bytes("steward.store.compact-after",
          "journal size that triggers a new snapshot, when the journal is also larger than half the snapshot")
      .withDefault(4L * 1024 * 1024)
      .require(n -> n >= 1024, "be at least 1k");

  private FileStoreSettings() {}

  public static List<Setting<?>> all() {
    return List.of(DIRECTORY, LOCK_TIMEOUT, COMPACT_AFTER);
  }

  /** {@code $XDG_STATE_HOME/steward}, else {@code ~/.local/state/steward}. */
  private static Path defaultDirectory() {
    String xdg = System.getenv("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "steward");
    }
    return Path.of(System.getProperty("user.home"), ".local", "state", "steward");
  }
}
