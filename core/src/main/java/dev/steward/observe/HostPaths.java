package dev.steward.observe;

import java.util.Objects;

/** Path checks shared by the parsers' filters. Paths are compared as the host wrote them (no resolving of links or {@code ..}). */
final class HostPaths {
  private HostPaths() {}

  /** {@code root} without trailing slashes ({@code /} stays {@code /}); refuses a path that is not absolute. */
  static String requireRoot(String root) {
    Objects.requireNonNull(root, "root");
    if (!root.startsWith("/")) {
      throw new IllegalArgumentException("Root '" + OutputParseException.excerpt(root, 0)
          + "' must be an absolute path such as /srv/projects");
    }
    return stripTrailingSlashes(root);
  }

  /**
   * Whether {@code path} is {@code root} or inside it, on whole path segments: {@code /srv/a/b} is
   * under {@code /srv/a}, {@code /srv/ab} is not.
   */
  static boolean isUnder(String path, String root) {
    String base = requireRoot(root);
    String candidate = stripTrailingSlashes(path);
    if (base.equals("/")) {
      return candidate.startsWith("/");
    }
    return candidate.equals(base) || candidate.startsWith(base + "/");
  }

  private static String stripTrailingSlashes(String path) {
    int end = path.length();
    while (end > 1 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }
}
