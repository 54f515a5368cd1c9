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
  SURVEY,
  /** Record what was found on a host and is wanted, without changing the host. */
  ADOPT,
  /** Record that a resource is no longer on its host, without changing the host. */
  FORGET
}
