package dev.steward.observe;

import java.util.Objects;

/**
 * The facts of {@code /proc/<pid>/stat} a process manager needs.
 *
 * @param pid the process id
 * @param comm the executable's name as the kernel keeps it (at most 15 bytes; may hold spaces and
 *     parentheses)
 * @param state {@code R} running, {@code S} sleeping, {@code D} in uninterruptible wait, {@code Z}
 *     zombie, {@code T} stopped, {@code t} traced, {@code X} dead, {@code I} idle kernel thread...
 * @param ppid the parent's pid
 * @param pgrp the process group
 * @param session the session
 * @param startTicks when the process started, in clock ticks after boot: with the pid, it tells a
 *     process apart from a later one that reuses the pid
 */
public record ProcessStat(int pid, String comm, char state, int ppid, int pgrp, int session, long startTicks) {
  public ProcessStat {
    Objects.requireNonNull(comm, "comm");
    if (pid < 0 || ppid < 0 || startTicks < 0) {
      throw new IllegalArgumentException("pid, ppid and start ticks are 0 or more");
    }
  }

  /** Exited but not yet reaped by its parent: no longer running anything. */
  public boolean isZombie() {
    return state == 'Z';
  }

  /**
   * A zombie, or dead ({@code X}, and {@code x} on Linux 3.9 to 3.13) while the kernel removes it:
   * its program no longer runs, whatever is left of the process.
   */
  public boolean hasExited() {
    return state == 'Z' || state == 'X' || state == 'x';
  }
}
