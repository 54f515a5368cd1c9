package dev.steward.mount;

import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A project's cleanup file on the server: who mounted it, which mounts, which targets mount
 * created, and the installed distribution. Each mount leaves one ({@code CLEANUP_DIR/PROJECT.cleanup},
 * lines {@code client NAME}, {@code distribution NAME}, {@code mount TARGET}, {@code created
 * TARGET}), so a later clean can undo it without any local state.
 *
 * @param client the client that mounted it; empty when the file does not say
 */
public record Cleanup(String client, List<String> mounts, List<String> created, Optional<String> distribution) {
  /** The kind of the observed resource a cleanup file becomes in an observation. */
  public static final String KIND = "project-cleanup";

  public Cleanup {
    Objects.requireNonNull(client, "client");
    mounts = List.copyOf(mounts);
    created = List.copyOf(created);
    Objects.requireNonNull(distribution, "distribution");
  }

  /** The file's text, as {@link #parseAll} reads it back. */
  public String text() {
    StringBuilder file = new StringBuilder();
    file.append("client ").append(client).append('\n');
    distribution.filter(d -> !d.isEmpty()).ifPresent(d -> file.append("distribution ").append(d).append('\n'));
    mounts.forEach(m -> file.append("mount ").append(m).append('\n'));
    created.stream().distinct().forEach(c -> file.append("created ").append(c).append('\n'));
    return file.toString();
  }

  /**
   * Every cleanup file of {@code listing}: each file's name on a line {@code == PROJECT.cleanup},
   * then its lines. Lines of no known form are ignored.
   */
  public static Map<String, Cleanup> parseAll(String listing) {
    Map<String, Cleanup> cleanups = new TreeMap<>();
    String project = null;
    String client = "";
    List<String> mounts = new ArrayList<>();
    List<String> created = new ArrayList<>();
    Optional<String> distribution = Optional.empty();
    for (String line : (listing + "== end.cleanup\n").split("\n")) {
      if (line.startsWith("== ") && line.endsWith(".cleanup")) {
        if (project != null) {
          cleanups.put(project, new Cleanup(client, mounts, created, distribution));
        }
        project = line.substring(3, line.length() - ".cleanup".length());
        client = "";
        mounts = new ArrayList<>();
        created = new ArrayList<>();
        distribution = Optional.empty();
      } else if (line.startsWith("client ")) {
        client = line.substring(7);
      } else if (line.startsWith("mount ")) {
        mounts.add(line.substring(6));
      } else if (line.startsWith("created ")) {
        created.add(line.substring(8));
      } else if (line.startsWith("distribution ")) {
        distribution = Optional.of(line.substring(13));
      }
    }
    return cleanups;
  }

  /** This cleanup as an observed resource of kind {@link #KIND} on {@code host}. */
  ObservedResource observed(String project, String host) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("client", client);
    distribution.ifPresent(d -> attributes.put("distribution", d));
    attributes.put("mounts", String.join("\n", mounts));
    attributes.put("created", String.join("\n", created));
    return new ObservedResource(ResourceKey.of(KIND, project, host), Set.of(), attributes);
  }

  /** Every cleanup file {@code observation} holds (a {@link ProjectProbe}'s), by project. */
  public static Map<String, Cleanup> in(Observation observation) {
    Map<String, Cleanup> cleanups = new TreeMap<>();
    for (ObservedResource resource : observation.resources()) {
      if (resource.key().kind().equals(KIND)) {
        cleanups.put(resource.key().name(), of(resource));
      }
    }
    return cleanups;
  }

  /** The cleanup an observed resource of kind {@link #KIND} carries. */
  static Cleanup of(ObservedResource resource) {
    Map<String, String> a = resource.attributes();
    return new Cleanup(a.getOrDefault("client", ""), lines(a.get("mounts")), lines(a.get("created")),
        Optional.ofNullable(a.get("distribution")));
  }

  private static List<String> lines(String text) {
    return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
