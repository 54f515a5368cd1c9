/**
 * For embedders and for Steward's own Proxmox features: {@link dev.steward.proxmox.ProxmoxClient},
 * a read-only client of the Proxmox VE API that authenticates with an API token or a ticket,
 * trusts a cluster's self-signed certificate only when its fingerprint is pinned, retries what is
 * transient and bounds its requests in flight; {@link dev.steward.proxmox.ProxmoxDiscovery}, which
 * reads a whole cluster into a {@link dev.steward.proxmox.DiscoveryResult} that says what was seen
 * and what was not; the typed records both return; the exceptions, one per kind of failure; and
 * {@link dev.steward.proxmox.ProxmoxSettings}. The {@code proxmox} probe is found by id.
 */
package dev.steward.proxmox;
