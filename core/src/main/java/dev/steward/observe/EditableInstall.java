package dev.steward.observe;

import java.util.Objects;
import java.util.Optional;

/**
 * A Python distribution installed in editable ("development") mode, as {@code pip list -e} reports it.
 *
 * @param name the distribution name, e.g. {@code demo-pkg}
 * @param version its version, e.g. {@code 0.1.0}
 * @param projectLocation the source directory the install points at: pip's
 *     {@code editable_project_location} (pip 21.3 and later), or its {@code location} on older pip.
 *     For a legacy egg-link install with a src layout it is {@code <project>/src}, not the project.
 * @param location pip's {@code location} when it printed one ({@code -v}): site-packages for a
 *     PEP 660 install, the project for an egg-link install
 * @param installer the tool that installed it ({@code pip}), when pip named one; empty when pip
 *     printed no or an empty {@code installer}
 */
public record EditableInstall(
    String name, String version, String projectLocation, Optional<String> location, Optional<String> installer) {
  public EditableInstall {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(projectLocation, "projectLocation");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(installer, "installer");
  }

  /**
   * Whether the project lies in {@code root} or below it, on whole path segments ({@code /srv/a}
   * does not contain {@code /srv/ab}).
   *
   * @throws IllegalArgumentException when {@code root} is not an absolute path
   */
  public boolean isUnder(String root) {
    return HostPaths.isUnder(projectLocation, root);
  }
}
