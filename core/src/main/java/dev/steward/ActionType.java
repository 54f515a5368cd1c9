package dev.steward;

/** What an {@link Action} does. */
public enum ActionType {
  ADD,
  REMOVE,
  UPGRADE,
  START,
  STOP,
  RESTART,
  /** Look again; chosen when nothing else is due. */
  SURVEY
}
