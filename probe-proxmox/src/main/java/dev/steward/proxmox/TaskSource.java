package dev.steward.proxmox;

import java.util.Locale;

/** Which tasks a node's task list shows: finished ones ({@code archive}, PVE's default), running ones, or both. */
public enum TaskSource {
  ARCHIVE,
  ACTIVE,
  ALL;

  /** The {@code source} parameter's value. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
