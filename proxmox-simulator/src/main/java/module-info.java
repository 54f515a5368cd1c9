/**
 * An HTTPS server that answers like the Proxmox VE API for a read-only discovery client, for
 * tests, scenarios and benchmarks. Jackson builds the answers inside; no Jackson type is in the
 * API.
 */
module dev.steward.proxmox.simulator {
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.steward.proxmox.simulator;
}
