package dev.steward.systemd;

import dev.steward.Setting;
import java.time.Duration;
import java.util.List;

/** The settings of the {@code systemd} ProcessManager. Immutable and thread-safe. */
public final class SystemdSettings {
  public static final Setting<Duration> STOP_GRACE = Setting.duration("steward.systemd.stop-grace",
          "how long a node has to exit after SIGTERM before it is killed (the unit's TimeoutStopSec), when the caller names no grace")
      .withDefault(Duration.ofSeconds(10))
      .require(d -> !d.isNegative(), "not be negative");

  public static final Setting<Duration> START_TIMEOUT = Setting.duration("steward.systemd.start-timeout",
          "how long start() waits for a unit to become active before giving up")
      .withDefault(Duration.ofSeconds(30))
      .require(d -> !d.isNegative() && !d.isZero(), "be positive");

  public static final Setting<Duration> START_CHECK = Setting.duration("steward.systemd.start-check",
          "how long start() watches an active unit before calling it running (a node that exits at once fails its start)")
      .withDefault(Duration.ofSeconds(1))
      .require(d -> !d.isNegative(), "not be negative")
      .require(d -> d.compareTo(Duration.ofHours(1)) <= 0, "be at most 1h");

  public static final Setting<String> SCOPE = Setting.text("steward.systemd.scope",
          "'system': units in /etc/systemd/system, driven with systemctl (the transport's user must be root, or use steward.ssh.sudo);"
              + " 'user': units in the transport user's ~/.config/systemd/user, driven with systemctl --user (the user needs 'loginctl enable-linger')")
      .withDefault("system")
      .require(s -> s.equals("system") || s.equals("user"), "be 'system' or 'user'");

  public static final Setting<String> HOSTS = Setting.text("steward.systemd.hosts",
          "the hosts list() looks on, comma-separated (besides every host this manager has already touched)")
      .withDefault("local");

  private SystemdSettings() {}

  public static List<Setting<?>> all() {
    return List.of(STOP_GRACE, START_TIMEOUT, START_CHECK, SCOPE, HOSTS);
  }
}
