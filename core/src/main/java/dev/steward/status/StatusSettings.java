package dev.steward.status;

import dev.steward.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The settings of status publishing and of the status client. The instance name is {@link
 * dev.steward.CoreSettings#INSTANCE}.
 */
public final class StatusSettings {
  public static final Setting<Path> DIRECTORY = Setting.path("steward.status.dir",
          "where status files and sockets live (created 0700 if missing); keep it short, a socket path is limited to 107 bytes")
      .withDefault(defaultDirectory(System.getenv(), System.getProperty("user.home")));

  public static final Setting<Duration> HEARTBEAT = Setting.duration("steward.status.heartbeat",
          "how often a running instance rewrites its status file even when nothing changed")
      .withDefault(Duration.ofSeconds(2))
      .require(d -> d.toMillis() >= 10 && d.toHours() < 24, "be between 10ms and 24h");

  public static final Setting<Duration> STALE_AFTER = Setting.duration("steward.status.stale-after",
          "a status file older than this is reported as stale by the client")
      .withDefault(Duration.ofSeconds(10))
      .require(d -> !d.isNegative() && !d.isZero(), "be positive");

  public static final Setting<Duration> IDLE_TIMEOUT = Setting.duration("steward.status.idle-timeout",
          "how long the status socket keeps a client that sends nothing, or does not read its answer")
      .withDefault(Duration.ofSeconds(30))
      .require(d -> d.toMillis() >= 10, "be at least 10ms");

  public static final Setting<Long> REQUEST_LIMIT = Setting.bytes("steward.status.request-limit",
          "the largest request line the status socket accepts")
      .withDefault(64L * 1024)
      .require(n -> n >= 256 && n <= 16L * 1024 * 1024, "be between 256 and 16m");

  public static final Setting<Integer> CLIENT_LIMIT = Setting.integer("steward.status.client-limit",
          "how many clients the status socket serves at once, one thread each; more are told the server is busy")
      .withDefault(16)
      .require(n -> n >= 1 && n <= 1024, "be between 1 and 1024");

  private StatusSettings() {}

  public static List<Setting<?>> all() {
    return List.of(DIRECTORY, HEARTBEAT, STALE_AFTER, IDLE_TIMEOUT, REQUEST_LIMIT, CLIENT_LIMIT);
  }

  /**
   * {@code $XDG_RUNTIME_DIR/steward} (a per-user tmpfs that goes away at logout, the right place for
   * sockets), else {@code $XDG_STATE_HOME/steward/run}, else {@code ~/.local/state/steward/run}.
   */
  static Path defaultDirectory(Map<String, String> environment, String home) {
    String runtime = environment.get("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank()) {
      return Path.of(runtime, "steward");
    }
    String state = environment.get("XDG_STATE_HOME");
    if (state != null && !state.isBlank()) {
      return Path.of(state, "steward", "run");
    }
    return Path.of(home, ".local", "state", "steward", "run");
  }
}
