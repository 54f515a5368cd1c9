/**
 * The {@code ssh} transport on Apache SSHD, and a fan-out that runs commands on many hosts.
 *
 * <p>Apache SSHD is read as the automatic module {@code org.apache.sshd.osgi}: the single jar of
 * {@code sshd-core} and {@code sshd-common}, which as two jars split packages and cannot both sit
 * on the module path. Bouncy Castle ({@code org.bouncycastle.provider}) is required so SSHD finds
 * it for ed25519 keys on JDK 17.
 */
module dev.steward.probe.ssh {
  requires transitive dev.steward.core;
  requires org.apache.sshd.osgi;
  requires org.bouncycastle.provider;
  requires org.slf4j;

  exports dev.steward.probe.ssh;

  provides dev.steward.spi.TransportProvider with dev.steward.probe.ssh.internal.SshTransportProvider;
  provides dev.steward.spi.ProbeProvider with dev.steward.probe.ssh.internal.host.SshProbeProvider;
}
