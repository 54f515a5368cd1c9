package dev.steward;

/**
 * Which process on a host: its pid and when it started. The pid alone does not say: once a
 * process ends, the kernel hands its pid to a later process (soon, on a busy host or one with a
 * small {@code pid_max}), and a manager that kept only the pid would then report, signal or stop a
 * stranger. A later process given the same pid has a later start time, so two identities are
 * equal only when they name the very same process.
 *
 * <p>The start time is kept as the kernel counts it, not as an {@link java.time.Instant}: clock
 * ticks after the host booted (field 22 of {@code /proc/<pid>/stat}, in units of {@code USER_HZ},
 * 1/100 s on x86-64, arm64 and riscv64). That count is exact and never changes for a process,
 * whereas an instant adds the boot time, which the kernel gives to the second and may report a
 * second apart between two reads. Ticks are only comparable on one host and within one boot; a
 * reboot starts both pids and ticks again, and every process of the old boot is gone.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pid the process id, more than 0
 * @param startTicks when it started, in clock ticks after the host booted; 0 or more
 */
public record ProcessIdentity(long pid, long startTicks) {
  public ProcessIdentity {
    if (pid <= 0) {
      throw new IllegalArgumentException("A process id is more than 0, got " + pid);
    }
    if (startTicks < 0) {
      throw new IllegalArgumentException("A start time in clock ticks after boot is 0 or more, got " + startTicks
          + " (for pid " + pid + ")");
    }
  }

  /** {@code pid 4242 (started at tick 867274)}. */
  @Override
  public String toString() {
    return "pid " + pid + " (started at tick " + startTicks + ")";
  }
}
