package dev.steward.node;

import dev.steward.reconcile.RecordAttributes;

/**
 * The record attributes the node kind writes on node records and its planner reads. Kept in one
 * place so both sides (and operators reading {@code steward state show}) agree.
 */
public final class NodeAttributes {
  /** The desired fleet the node belongs to. */
  public static final String FLEET = "fleet";
  /** The node's index within its fleet, from 1; its name is {@code <fleet>-<index>}. */
  public static final String INDEX = "index";
  /** The action under way; the loop's own attribute, {@link RecordAttributes#PENDING_ACTION}. */
  public static final String PENDING_ACTION = RecordAttributes.PENDING_ACTION;
  /** After a failure, the earliest next attempt; the loop's own {@link RecordAttributes#NEXT_ATTEMPT_AT}. */
  public static final String NEXT_ATTEMPT_AT = RecordAttributes.NEXT_ATTEMPT_AT;
  /** The process id while running. */
  public static final String PID = "pid";
  /** The process start time in clock ticks since boot, which tells a reused pid apart. */
  public static final String START_TICKS = "start_ticks";
  /** When the process started (ISO-8601). */
  public static final String STARTED_AT = "started_at";
  /** The port the node listens on. */
  public static final String PORT = "port";
  /**
   * Set (to why) when someone asked for this node to go ({@code remove-node}): when its fleet has a
   * node too many, this one goes before any the selector would choose.
   */
  public static final String REMOVE_REQUESTED = "remove-requested";

  private NodeAttributes() {}
}
