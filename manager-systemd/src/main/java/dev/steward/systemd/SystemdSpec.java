package dev.steward.systemd;

import dev.steward.ProcessSpec;

/**
 * The {@link dev.steward.Spec} properties the {@code systemd} ProcessManager reads besides those of
 * {@link ProcessSpec} (command, directory, {@code env.NAME}). Each becomes one line of the node's
 * unit file; a spec without them gets systemd's defaults, except {@code Restart=no}: Steward owns
 * restarts.
 */
public final class SystemdSpec {
  /** The user the node runs as ({@code User=}); by default the manager's, i.e. root. */
  public static final String USER = "user";
  /** systemd's {@code Restart=} ({@code no}, {@code on-failure}, {@code always}...); by default {@code no}. */
  public static final String RESTART = "restart";
  /** systemd's {@code MemoryMax=}, e.g. {@code 512M} or {@code 20%}. */
  public static final String MEMORY_MAX = "memory-max";
  /** systemd's {@code CPUQuota=}, e.g. {@code 50%}. */
  public static final String CPU_QUOTA = "cpu-quota";

  private SystemdSpec() {}
}
