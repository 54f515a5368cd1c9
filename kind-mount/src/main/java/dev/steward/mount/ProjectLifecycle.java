package dev.steward.mount;

import dev.steward.Lifecycle;

/**
 * What a client records about a project it mounts on a server. The direct moves MOUNTED ->
 * UNMOUNTED and UNMOUNTED -> MOUNTED are a sync finding that the server changed without this
 * client. A store that keeps project records must know {@link #LIFECYCLE} (see {@code
 * Settings.Builder.lifecycles}).
 */
public final class ProjectLifecycle {
  public static final String MOUNTING = "MOUNTING";
  public static final String MOUNTED = "MOUNTED";
  public static final String UNMOUNTING = "UNMOUNTING";
  public static final String UNMOUNTED = "UNMOUNTED";

  public static final Lifecycle LIFECYCLE = Lifecycle.builder("project-mount")
      .initial(MOUNTING)
      .allow(MOUNTING, MOUNTED)
      .allow(MOUNTING, UNMOUNTED)
      .allow(MOUNTED, UNMOUNTING)
      .allow(MOUNTED, MOUNTING)
      .allow(UNMOUNTING, UNMOUNTED)
      .allow(UNMOUNTING, MOUNTED)
      .allow(MOUNTED, UNMOUNTED)
      .allow(UNMOUNTED, MOUNTING)
      .allow(UNMOUNTED, MOUNTED)
      .build();

  private ProjectLifecycle() {}
}
