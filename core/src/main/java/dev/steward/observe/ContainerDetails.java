package dev.steward.observe;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One container as {@code docker inspect} describes it (the fields a probe needs, not all of them).
 *
 * @param id the full container id (64 hex digits)
 * @param name its name without the leading {@code /}
 * @param image the image as named at creation ({@code Config.Image})
 * @param imageId the image's content id ({@code Image}, {@code sha256:...})
 * @param created when it was created
 * @param status {@code State.Status}: {@code created}, {@code running}, {@code paused},
 *     {@code restarting}, {@code removing}, {@code exited} or {@code dead}
 * @param running {@code State.Running} (true while paused too, as Docker reports it)
 * @param pid the main process on the host while it runs
 * @param exitCode the last exit code ({@code 137} after a stop that had to kill)
 * @param startedAt when it last started; empty when it never did
 * @param finishedAt when it last stopped; empty when it never did
 * @param restartCount how often Docker restarted it by its restart policy
 * @param labels {@code Config.Labels}
 * @param mounts its mounts ({@code Mounts}), in Docker's order
 */
public record ContainerDetails(
    String id,
    String name,
    String image,
    String imageId,
    Instant created,
    String status,
    boolean running,
    OptionalLong pid,
    int exitCode,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    int restartCount,
    Map<String, String> labels,
    List<MountPoint> mounts) {
  public ContainerDetails {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(pid, "pid");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    mounts = List.copyOf(mounts);
  }

  /**
   * One entry of a container's {@code Mounts}.
   *
   * @param type {@code bind}, {@code volume}, {@code tmpfs} or {@code npipe}
   * @param source the host path (a bind, or a volume's directory); empty when Docker gives none
   * @param destination the path inside the container
   * @param readWrite {@code RW}
   * @param volumeName the volume's name, for a volume
   */
  public record MountPoint(String type, String source, String destination, boolean readWrite, Optional<String> volumeName) {
    public MountPoint {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(volumeName, "volumeName");
    }
  }
}
