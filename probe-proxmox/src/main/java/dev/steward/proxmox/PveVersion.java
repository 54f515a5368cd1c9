package dev.steward.proxmox;

import java.util.Objects;

/**
 * {@code GET /version}: {@code version} is {@code 7.4-17} on 7.x and dotted ({@code 8.3.5}) from
 * 8.0; {@code release} is {@code major.minor}; {@code repoid} is the build's commit (8 hex digits
 * before 8.0, 16 from 8.0). Immutable.
 */
public record PveVersion(String version, String release, String repoid) {
  public PveVersion {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(repoid, "repoid");
  }

  /** The major release, 7 for {@code 7.4}; 0 when {@code release} is not a number. */
  public int major() {
    return part(0);
  }

  /** The minor release, 4 for {@code 7.4}; 0 when there is none. */
  public int minor() {
    return part(1);
  }

  /** Whether this is release {@code major.minor} or later. */
  public boolean atLeast(int wantedMajor, int wantedMinor) {
    return major() > wantedMajor || major() == wantedMajor && minor() >= wantedMinor;
  }

  private int part(int index) {
    String[] parts = (release.isEmpty() ? version : release).split("[.-]");
    if (index >= parts.length) {
      return 0;
    }
    try {
      return Integer.parseInt(parts[index]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
