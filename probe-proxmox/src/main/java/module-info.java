/**
 * A read-only Proxmox VE API client on the JDK's {@code java.net.http} client, and the
 * {@code proxmox} probe that discovers a cluster with it. Jackson reads the API's JSON inside; no
 * Jackson type is in the API.
 */
module dev.steward.probe.proxmox {
  requires transitive dev.steward.core;
  requires java.net.http;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.steward.proxmox;

  provides dev.steward.spi.ProbeProvider with dev.steward.proxmox.internal.ProxmoxProbeProvider;
}
