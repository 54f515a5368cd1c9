/**
 * The machinery of the Proxmox client and discovery: HTTP exchanges with retries and a bound on
 * requests in flight, API token and ticket authentication, the pinning trust manager, the lenient
 * JSON decoders, the discovery's reads and the {@code proxmox} probe. Internal: not exported; use
 * {@code dev.steward.proxmox} or select the probe by id.
 */
package dev.steward.proxmox.internal;
