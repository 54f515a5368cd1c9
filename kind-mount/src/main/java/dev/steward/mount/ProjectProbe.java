package dev.steward.mount;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.Probe;
import dev.steward.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Observes a project server: what a {@link Probe} that reports projects sees (editable installs and
 * bind mounts, e.g. the {@code ssh} probe with its projects setting), plus every cleanup file,
 * each as a resource of kind {@link Cleanup#KIND}. The cleanup files are part of what is on the
 * server, so they are observed with it, before drift and planning. Thread-safe when its probe and
 * transport are.
 */
public final class ProjectProbe implements Probe {
  private final Probe projects;
  private final Transport transport;
  private final String cleanupDir;

  public ProjectProbe(Probe projects, Transport transport, String cleanupDir) {
    this.projects = Objects.requireNonNull(projects, "projects");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.cleanupDir = ProjectConfig.requirePath(cleanupDir, "cleanup directory");
  }

  @Override
  public Observation observe(String host) {
    Observation seen = projects.observe(host);
    if (!seen.isReachable()) {
      return seen;
    }
    List<ObservedResource> resources = new ArrayList<>(seen.resources());
    for (Map.Entry<String, Cleanup> cleanup : cleanups(host).entrySet()) {
      resources.add(cleanup.getValue().observed(cleanup.getKey(), host));
    }
    return new Observation(host, seen.observedAt(), seen.unreachableReason(), resources, seen.metrics());
  }

  /** Reads every cleanup file on the server; a server without the folder has none. */
  private Map<String, Cleanup> cleanups(String host) {
    String script = "for f in \"$1\"/*.cleanup; do [ -f \"$f\" ] || continue; printf '== %s\\n' \"${f##*/}\"; cat \"$f\"; done";
    CommandResult result = transport.run(host, Command.of("sh", "-c", script, "sh", cleanupDir));
    return Cleanup.parseAll(result.stdout());
  }
}
