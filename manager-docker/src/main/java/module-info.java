/**
 * The {@code docker} ProcessManager: one container per node, or several nodes packed in one, made
 * and driven with the {@code docker} command through whatever Transport it is given, so the same
 * code manages this machine's Docker engine and the engines of hosts reached over SSH.
 */
module dev.steward.manager.docker {
  requires dev.steward.core;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;

  exports dev.steward.docker;

  provides dev.steward.spi.ProcessManagerProvider with dev.steward.docker.internal.DockerProcessManagerProvider;
}
