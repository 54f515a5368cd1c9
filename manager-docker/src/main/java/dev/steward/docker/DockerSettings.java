package dev.steward.docker;

import dev.steward.Setting;
import java.time.Duration;
import java.util.List;

/** The settings of the {@code docker} ProcessManager. Immutable and thread-safe. */
public final class DockerSettings {
  public static final Setting<Duration> STOP_GRACE = Setting.duration("steward.docker.stop-grace",
          "how long a container has to exit after its stop signal before Docker kills it (--stop-timeout), when the caller names no grace")
      .withDefault(Duration.ofSeconds(10))
      .require(d -> !d.isNegative(), "not be negative");

  public static final Setting<Duration> START_CHECK = Setting.duration("steward.docker.start-check",
          "how long start() watches a started container, or a node started in its pack, before calling it running (a node that exits at once fails its start)")
      .withDefault(Duration.ofSeconds(1))
      .require(d -> !d.isNegative(), "not be negative")
      .require(d -> d.compareTo(Duration.ofHours(1)) <= 0, "be at most 1h");

  public static final Setting<Duration> PULL_TIMEOUT = Setting.duration("steward.docker.pull-timeout",
          "how long docker create may take when it has to pull the image first")
      .withDefault(Duration.ofMinutes(10))
      .require(d -> !d.isNegative() && !d.isZero(), "be positive");

  public static final Setting<String> COMMAND = Setting.text("steward.docker.command",
          "the docker command on the hosts: a name found on the PATH of the transport's commands, or an absolute path")
      .withDefault("docker")
      .require(s -> s.matches("[A-Za-z0-9_./+-]+") && !s.startsWith("-"), "be a command name or path without spaces");

  public static final Setting<String> HOSTS = Setting.text("steward.docker.hosts",
          "the hosts list() looks on, comma-separated (besides every host this manager has already touched)")
      .withDefault("local");

  private DockerSettings() {}

  public static List<Setting<?>> all() {
    return List.of(STOP_GRACE, START_CHECK, PULL_TIMEOUT, COMMAND, HOSTS);
  }
}
