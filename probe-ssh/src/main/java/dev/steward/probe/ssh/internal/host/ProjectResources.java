package dev.steward.probe.ssh.internal.host;

import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.observe.EditableInstall;
import dev.steward.observe.Mount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a host's editable installs and mount table into one {@code project} resource per project
 * found: its parts are {@code editable} when an editable install points into the project, and
 * {@code mount:<target>} for each bind mount whose source lies in the project. A project is one the
 * caller named (with its source path), or, below the source root, the first directory under it
 * (so {@code /srv/projects/demo/src} belongs to project {@code demo}). Paths are compared on whole
 * segments as the host wrote them. A pure function; thread-safe.
 */
final class ProjectResources {
  /** The resource kind of a project. */
  static final String KIND = "project";
  static final String EDITABLE = "editable";
  static final String MOUNT_PREFIX = "mount:";

  private ProjectResources() {}

  /**
   * @param projects what was found, by name
   * @param skipped why some editables or mounts below the source root belong to no project, for the probe's notes
   */
  record Result(List<ObservedResource> projects, List<String> skipped) {
    Result {
      projects = List.copyOf(projects);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * @param sourceRoot where unnamed projects are looked for; empty to report only {@code known} ones
   * @param known project name to its source path on the host
   * @param editables every editable install pip listed, or empty when pip was not looked at
   * @param mounts the whole mount table, or empty when it was not read
   */
  static Result of(String host, Optional<String> sourceRoot, Map<String, String> known, List<EditableInstall> editables,
      List<Mount> mounts) {
    Map<String, Builder> found = new TreeMap<>();
    List<String> skipped = new ArrayList<>();
    for (EditableInstall install : editables) {
      Optional<Owner> owner = owner(install.projectLocation(), sourceRoot, known, skipped);
      owner.ifPresent(o -> found.computeIfAbsent(o.name(), n -> new Builder(o.path())).editable(install));
    }
    for (Mount mount : mounts) {
      if (!mount.isBind()) {
        continue;
      }
      Optional<String> source = sourceOf(mount, mounts);
      if (source.isEmpty()) {
        continue;
      }
      Optional<Owner> owner = owner(source.get(), sourceRoot, known, skipped);
      owner.ifPresent(o -> found.computeIfAbsent(o.name(), n -> new Builder(o.path())).mount(mount.target(), source.get()));
    }
    List<ObservedResource> projects = new ArrayList<>();
    found.forEach((name, builder) -> projects.add(builder.build(ResourceKey.of(KIND, name, host))));
    return new Result(projects, skipped);
  }

  /**
   * The host path a bind mount shows: the mount point of its file system's whole mount (same
   * source and type, path {@code /}) joined with the path within that file system; the path as it
   * is when no such mount is in the table. Empty for pseudo sources such as {@code net:[...]}.
   */
  static Optional<String> sourceOf(Mount bind, List<Mount> table) {
    String within = bind.sourcePath();
    if (!within.startsWith("/")) {
      return Optional.empty();
    }
    for (Mount whole : table) {
      if (!whole.isBind() && whole.sourceDevice().equals(bind.sourceDevice()) && whole.fstype().equals(bind.fstype())) {
        String base = whole.target().endsWith("/") ? whole.target().substring(0, whole.target().length() - 1) : whole.target();
        return Optional.of(base + within);
      }
    }
    return Optional.of(within);
  }

  private record Owner(String name, String path) {}

  private static Optional<Owner> owner(String path, Optional<String> sourceRoot, Map<String, String> known, List<String> skipped) {
    String best = null;
    String bestPath = null;
    for (Map.Entry<String, String> project : known.entrySet()) {
      if (isUnder(path, project.getValue()) && (bestPath == null || project.getValue().length() > bestPath.length())) {
        best = project.getKey();
        bestPath = project.getValue();
      }
    }
    if (best != null) {
      return Optional.of(new Owner(best, bestPath));
    }
    if (sourceRoot.isEmpty() || !isUnder(path, sourceRoot.get())) {
      return Optional.empty();
    }
    String root = trim(sourceRoot.get());
    String rest = path.substring(root.length()).replaceFirst("^/+", "");
    if (rest.isEmpty()) {
      skipped.add(path + " is the source root itself, not a project in it");
      return Optional.empty();
    }
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    try {
      ResourceKey.of(KIND, name, "local");
    } catch (IllegalArgumentException e) {
      skipped.add(path + ": the directory name '" + name + "' cannot be a project name");
      return Optional.empty();
    }
    return Optional.of(new Owner(name, (root.equals("/") ? "" : root) + "/" + name));
  }

  /** Whether {@code path} is {@code root} or below it, on whole segments. */
  static boolean isUnder(String path, String root) {
    String r = trim(root);
    if (r.equals("/")) {
      return path.startsWith("/");
    }
    return path.equals(r) || path.startsWith(r + "/");
  }

  private static String trim(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static final class Builder {
    private final String sourcePath;
    private final List<EditableInstall> editables = new ArrayList<>();
    private final Map<String, String> mounts = new TreeMap<>();

    Builder(String sourcePath) {
      this.sourcePath = sourcePath;
    }

    void editable(EditableInstall install) {
      editables.add(install);
    }

    void mount(String target, String source) {
      // A bind stacked on the same target comes later in the table and is the one on top.
      mounts.put(target, source);
    }

    ObservedResource build(ResourceKey key) {
      TreeSet<String> parts = new TreeSet<>();
      Map<String, String> attributes = new TreeMap<>();
      attributes.put("source_path", sourcePath);
      if (!editables.isEmpty()) {
        EditableInstall install = editables.get(0);
        parts.add(EDITABLE);
        attributes.put("distribution", install.name());
        attributes.put("version", install.version());
        attributes.put("location", install.projectLocation());
        install.location().ifPresent(site -> attributes.put("site_location", site));
        if (editables.size() > 1) {
          List<String> names = new ArrayList<>();
          editables.forEach(e -> names.add(e.name()));
          attributes.put("distributions", String.join(",", names));
        }
      }
      mounts.forEach((target, source) -> {
        parts.add(MOUNT_PREFIX + target);
        attributes.put(MOUNT_PREFIX + target, source);
      });
      attributes.put("mounts", Integer.toString(mounts.size()));
      return new ObservedResource(key, parts, attributes);
    }
  }
}
