package dev.steward.observe;

import java.util.List;

/** Questions asked of a mount table read by {@link Findmnt} or {@link MountInfo}. Thread-safe: no state. */
public final class Mounts {
  private Mounts() {}

  /**
   * The bind mounts (see {@link Mount#isBind()}) whose target is {@code root} or lies below it, on
   * whole path segments, in table order. A bind stacked on another at the same target appears
   * twice; the later one is on top.
   *
   * @throws IllegalArgumentException when {@code root} is not an absolute path
   */
  public static List<Mount> bindMountsUnder(List<Mount> mounts, String root) {
    HostPaths.requireRoot(root);
    return mounts.stream().filter(m -> m.isBind() && m.targetIsUnder(root)).toList();
  }
}
