package dev.steward.examples.scenario;

import dev.steward.Lifecycle;
import dev.steward.mount.ProjectLifecycle;
import java.util.List;

/**
 * The lifecycle tables the example scenarios add to the standard ones. The runner's {@code state}
 * commands register them too, so they can read and check what the scenarios wrote. Immutable.
 */
public final class ExampleLifecycles {
  public static final String DISCOVERED = "DISCOVERED";
  public static final String STAGED = "STAGED";
  public static final String METADATA_FETCHED = "METADATA_FETCHED";
  public static final String TORRENT_CREATED = "TORRENT_CREATED";
  public static final String UPLOADED = "UPLOADED";
  public static final String COMPLETE = "COMPLETE";
  public static final String FAILED = "FAILED";

  /** The steps of the publishing pipeline, in order. */
  public static final List<String> PIPELINE_STEPS =
      List.of(DISCOVERED, STAGED, METADATA_FETCHED, TORRENT_CREATED, UPLOADED, COMPLETE);

  /** A pipeline that publishes a file: any step may fail, and a failed item starts over. */
  public static final Lifecycle PIPELINE = Lifecycle.builder("pipeline")
      .initial(DISCOVERED)
      .allow(DISCOVERED, STAGED)
      .allow(STAGED, METADATA_FETCHED)
      .allow(METADATA_FETCHED, TORRENT_CREATED)
      .allow(TORRENT_CREATED, UPLOADED)
      .allow(UPLOADED, COMPLETE)
      .allowFromEach(List.of(DISCOVERED, STAGED, METADATA_FETCHED, TORRENT_CREATED, UPLOADED), FAILED)
      .allow(FAILED, DISCOVERED)
      .retry(FAILED, DISCOVERED)
      .requirePaths(STAGED, "staging_dir")
      .requirePaths(METADATA_FETCHED, "staging_dir")
      .requirePaths(TORRENT_CREATED, "staging_dir", "torrent_file")
      .terminal(COMPLETE)
      .build();

  public static final String MOUNTING = ProjectLifecycle.MOUNTING;
  public static final String MOUNTED = ProjectLifecycle.MOUNTED;
  public static final String UNMOUNTING = ProjectLifecycle.UNMOUNTING;
  public static final String UNMOUNTED = ProjectLifecycle.UNMOUNTED;

  /** What a client of the mount-drift scenario records about a project: the project kind's lifecycle. */
  public static final Lifecycle PROJECT_MOUNT = ProjectLifecycle.LIFECYCLE;

  private ExampleLifecycles() {}

  /** Every table the scenarios use beyond the standard ones. */
  public static Lifecycle[] all() {
    return new Lifecycle[] {PIPELINE, PROJECT_MOUNT};
  }
}
