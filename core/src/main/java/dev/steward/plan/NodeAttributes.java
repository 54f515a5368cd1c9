package dev.steward.plan;

/**
 * The record attributes the reconciler writes on node records and the planner reads. Kept in one
 * place so both sides (and operators reading {@code steward state show}) agree.
 */
public final class NodeAttributes {
  /** The desired fleet the node belongs to. */
  public static final String FLEET = "fleet";
  /** The node's index within its fleet, from 1; its name is {@code <fleet>-<index>}. */
  public static final String INDEX = "index";
  /**
   * The action under way, written before acting (with the intent state), so a pass after a crash
   * knows what to finish: one of the {@link dev.steward.ActionType} names. Empty once done.
   */
  public static final String PENDING_ACTION = "pending_action";
  /** After a failure: the earliest time (ISO-8601) the next attempt may start. */
  public static final String NEXT_ATTEMPT_AT = "next_attempt_at";
  /** The process id while running. */
  public static final String PID = "pid";
  /** The process start time in clock ticks since boot, which tells a reused pid apart. */
  public static final String START_TICKS = "start_ticks";
  /** When the process started (ISO-8601). */
  public static final String STARTED_AT = "started_at";
  /** The port the node listens on. */
  public static final String PORT = "port";

  private NodeAttributes() {}
}
