package dev.steward;

import java.util.List;

/**
 * The standard lifecycle of a node (a process, unit or container Steward runs):
 *
 * <pre>
 * PLANNED -> CREATING -> STARTING -> RUNNING <-> UPGRADING
 * RUNNING -> STOPPING -> STOPPED -> STARTING | REMOVING -> REMOVED
 * any active state -> FAILED -> PLANNED | STARTING | REMOVING   (retry or give up)
 * any live state -> DEAD (a probe found it gone) -> PLANNED | STARTING | REMOVING
 * PLANNED -> REMOVED (cancelled before anything was created)
 * </pre>
 *
 * A FAILED node is retried by planning it again (an operator's {@code state retry}: FAILED -> PLANNED).
 */
public final class NodeLifecycle {
  public static final String PLANNED = "PLANNED";
  public static final String CREATING = "CREATING";
  public static final String STARTING = "STARTING";
  public static final String RUNNING = "RUNNING";
  public static final String UPGRADING = "UPGRADING";
  public static final String STOPPING = "STOPPING";
  public static final String STOPPED = "STOPPED";
  public static final String REMOVING = "REMOVING";
  public static final String REMOVED = "REMOVED";
  public static final String FAILED = "FAILED";
  public static final String DEAD = "DEAD";

  /** States in which an action is under way, so a crash there must be finished or rolled back. */
  public static final List<String> ACTIVE = List.of(CREATING, STARTING, RUNNING, UPGRADING, STOPPING, REMOVING);

  /** The state of a fleet's manual scale record (see {@code dev.steward.node.ManualScale}). */
  public static final String SCALED = "SCALED";

  /**
   * The lifecycle {@code fleet} of the record that keeps a fleet's count set by hand ({@code
   * add-node}, {@code remove-node}): one state, {@code SCALED}, its attributes say the count.
   */
  public static final Lifecycle FLEET_LIFECYCLE = Lifecycle.builder("fleet").initial(SCALED).terminal(SCALED).build();

  public static final Lifecycle LIFECYCLE = Lifecycle.builder("node")
      .initial(PLANNED)
      .allow(PLANNED, CREATING, REMOVED)
      .allow(CREATING, STARTING)
      .allow(STARTING, RUNNING, STOPPING)
      .allow(RUNNING, UPGRADING, STOPPING)
      .allow(UPGRADING, RUNNING)
      .allow(STOPPING, STOPPED)
      .allow(STOPPED, STARTING, REMOVING)
      .allow(REMOVING, REMOVED)
      .allowFromEach(ACTIVE, FAILED)
      .allow(FAILED, PLANNED, STARTING, REMOVING)
      .allowFromEach(List.of(CREATING, STARTING, RUNNING, UPGRADING, STOPPING, STOPPED), DEAD)
      .allow(DEAD, PLANNED, STARTING, REMOVING)
      .retry(FAILED, PLANNED)
      .terminal(REMOVED)
      .build();

  private NodeLifecycle() {}
}
