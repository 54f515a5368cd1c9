package dev.steward.examples.scenario;

import dev.steward.lifecycle.Lifecycle;
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
      .terminal(COMPLETE)
      .build();

  public static final String MOUNTING = "MOUNTING";
  public static final String MOUNTED = "MOUNTED";
  public static final String UNMOUNTING = "UNMOUNTING";
  public static final String UNMOUNTED = "UNMOUNTED";

  /**
   * What a client of the mount-drift scenario records about a project it mounts on a server. The
   * direct moves MOUNTED -> UNMOUNTED and UNMOUNTED -> MOUNTED are {@code drift sync} finding that
   * the server changed without this client.
   */
  public static final Lifecycle PROJECT_MOUNT = Lifecycle.builder("project-mount")
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

  private ExampleLifecycles() {}

  /** Every table the scenarios use beyond the standard ones. */
  public static Lifecycle[] all() {
    return new Lifecycle[] {PIPELINE, PROJECT_MOUNT};
  }
}
