package dev.steward.reconcile;

/**
 * The record attributes the loop itself writes on the records of every kind, and kinds read when
 * they plan. Kept in one place so the loop, every kind and operators reading {@code steward state
 * show} agree.
 */
public final class RecordAttributes {
  /**
   * The action under way, written before acting ({@link ActionContext#intend}), so a pass after a
   * crash knows what to finish: one of the {@link dev.steward.ActionType} names. Empty once done.
   */
  public static final String PENDING_ACTION = "pending_action";
  /** After a failure: the earliest time (ISO-8601) the next attempt may start, from the backoff. */
  public static final String NEXT_ATTEMPT_AT = "next_attempt_at";

  private RecordAttributes() {}
}
