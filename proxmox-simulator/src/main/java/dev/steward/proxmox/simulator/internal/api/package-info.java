/**
 * The Proxmox VE API on top of the model: routing, parameter checks with PVE's wording, the JSON
 * envelope, permissions, forwarding to nodes that may be down, and the value shapes of each
 * release. Internal to the simulator.
 */
package dev.steward.proxmox.simulator.internal.api;
