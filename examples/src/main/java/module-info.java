/**
 * Steward's example runner. Runs from the shaded jar on the class path; this descriptor keeps the
 * runner honest about what it uses, and lets it run on the module path too.
 */
module dev.steward.examples {
  requires dev.steward.core;
  requires dev.steward.probe.ssh;
  requires dev.steward.mount;
  requires dev.steward.probe.proxmox;
  requires dev.steward.store.postgres;
  requires dev.steward.proxmox.simulator;
  requires info.picocli;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;

  // picocli reads and sets the annotated fields of the commands.
  opens dev.steward.examples.cli to info.picocli;
  // Jackson builds the fleet file's records through their annotated factories.
  opens dev.steward.examples.fleet to com.fasterxml.jackson.databind;
  opens dev.steward.examples.drift to com.fasterxml.jackson.databind;
}
