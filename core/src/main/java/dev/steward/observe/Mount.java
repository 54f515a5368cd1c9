package dev.steward.observe;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a host's mount table, the same whether read from {@code findmnt --json} or from
 * {@code /proc/self/mountinfo}.
 *
 * <p>A bind mount shows as a {@code sourcePath} other than {@code /}: the directory or file of the
 * source file system that was bound to {@code target}. Two cases look alike and cannot be told
 * apart from the table alone: a btrfs subvolume mount ({@code /@home}) also has a source path, and
 * a bind of a file system's own root has none.
 *
 * @param target where it is mounted, e.g. {@code /srv/app/config.yml}
 * @param sourceDevice the device or pseudo source, e.g. {@code /dev/vda}, {@code tmpfs}, {@code overlay}
 * @param sourcePath the path within the source file system that forms this mount's root: {@code /}
 *     for a whole file system, the bound path for a bind mount, or a pseudo name such as
 *     {@code net:[4026532184]} for nsfs
 * @param fstype the file system type, e.g. {@code ext4} (a bind mount has its source's type, never {@code none})
 * @param options the mount's options followed by the file system's, as findmnt shows them, e.g.
 *     {@code [rw, relatime, discard]}
 */
public record Mount(String target, String sourceDevice, String sourcePath, String fstype, List<String> options) {
  public Mount {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(sourceDevice, "sourceDevice");
    Objects.requireNonNull(sourcePath, "sourcePath");
    Objects.requireNonNull(fstype, "fstype");
    options = List.copyOf(options);
  }

  /** Whether a path within the source file system (not its root) is mounted here: a bind mount or a subvolume. */
  public boolean isBind() {
    return sourcePath.startsWith("/") && !sourcePath.equals("/");
  }

  /** Whether the mount is read-only. */
  public boolean readOnly() {
    return options.contains("ro");
  }

  /**
   * Whether {@code target} is {@code root} or lies below it, on whole path segments.
   *
   * @throws IllegalArgumentException when {@code root} is not an absolute path
   */
  public boolean targetIsUnder(String root) {
    return HostPaths.isUnder(target, root);
  }
}
