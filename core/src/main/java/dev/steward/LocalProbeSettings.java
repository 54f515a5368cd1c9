package dev.steward;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The settings of the {@code local} probe, which observes this machine through {@code /proc}. It
 * also reads {@link CoreSettings#INSTANCE}: only processes of this instance are reported as nodes.
 */
public final class LocalProbeSettings {
  public static final Setting<Duration> CPU_SAMPLE = Setting.duration("steward.probe.local.cpu-sample",
          "how long the local probe's first observation watches /proc/stat to measure CPU use; later ones measure since the one before")
      .withDefault(Duration.ofMillis(100))
      .require(d -> !d.isNegative() && !d.isZero() && d.compareTo(Duration.ofSeconds(10)) <= 0, "be between 1ms and 10s");

  public static final Setting<Path> DISK_PATH = Setting.path("steward.probe.local.disk-path",
          "a path on the file system whose free space the local probe reports")
      .withDefault(Path.of("/"));

  private LocalProbeSettings() {}

  public static List<Setting<?>> all() {
    return List.of(CPU_SAMPLE, DISK_PATH);
  }
}
