package dev.steward.docker.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One container as {@code docker inspect} describes it: the fields the manager reports. Immutable.
 *
 * @param id the full id
 * @param name the name without Docker's leading {@code /}
 * @param image the image as named at creation ({@code Config.Image})
 * @param status {@code State.Status}: created, running, paused, restarting, removing, exited or dead
 * @param running {@code State.Running} (true while paused or restarting too)
 * @param restarting {@code State.Restarting}
 * @param oomKilled {@code State.OOMKilled}: the kernel killed it for going over its memory limit
 * @param pid its main process on the host while it runs
 * @param exitCode the last exit code
 * @param error {@code State.Error}, what Docker says went wrong starting it; empty when nothing did
 * @param startedAt when it last started; empty when it never did
 * @param finishedAt when it last stopped; empty when it never did
 * @param health {@code State.Health.Status} (starting, healthy, unhealthy) when the image has a healthcheck
 * @param restartCount how often Docker restarted it by its restart policy
 * @param labels {@code Config.Labels}
 */
record Container(String id, String name, String image, String status, boolean running, boolean restarting, boolean oomKilled,
    OptionalLong pid, int exitCode, String error, Optional<Instant> startedAt, Optional<Instant> finishedAt, Optional<String> health,
    int restartCount, Map<String, String> labels) {
  Container {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(pid, "pid");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(health, "health");
    labels = Map.copyOf(labels);
  }

  Optional<String> label(String name) {
    return Optional.ofNullable(labels.get(name));
  }

  /** What a node's status says of the container it runs in, and of the host's docker: a map to add to. */
  Map<String, String> facts(DockerVersion docker) {
    Map<String, String> facts = new TreeMap<>();
    facts.put("container", name);
    facts.put("container_id", id);
    facts.put("image", image);
    facts.put("container_state", status);
    facts.put("docker_client_version", docker.client());
    docker.server().ifPresent(v -> facts.put("docker_server_version", v));
    return facts;
  }
}
