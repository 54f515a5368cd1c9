/**
 * The {@code systemd} ProcessManager: one unit file per node, written and driven with
 * {@code systemctl} through whatever Transport it is given, so the same code manages this machine
 * and hosts reached over SSH.
 */
module dev.steward.manager.systemd {
  requires dev.steward.core;
  requires org.slf4j;

  exports dev.steward.systemd;

  provides dev.steward.spi.ProcessManagerProvider with dev.steward.systemd.internal.SystemdProcessManagerProvider;
}
