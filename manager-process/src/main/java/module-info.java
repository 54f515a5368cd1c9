/**
 * The {@code process} ProcessManager: starts real local processes, each in its own session with
 * its own log file, which outlive the manager and are adopted by the next one.
 */
module dev.steward.manager.process {
  requires dev.steward.core;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.steward.process;

  provides dev.steward.spi.ProcessManagerProvider with dev.steward.process.internal.LocalProcessManagerProvider;
}
