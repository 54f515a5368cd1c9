package dev.steward.drift;

/** How a resource's record compares with what was observed. */
public enum DriftClass {
  /** As recorded: present with every expected part, or absent as the record says. */
  OK,
  /** Present, but some expected parts are missing. */
  PARTIAL,
  /** Observed on a reachable host, but not recorded (or recorded as gone). */
  ORPHAN,
  /** Recorded as present, the host was reached, and it is not there. */
  STALE,
  /** The host could not be observed; nothing is known, so nothing may be cleaned up. */
  UNKNOWN
}
