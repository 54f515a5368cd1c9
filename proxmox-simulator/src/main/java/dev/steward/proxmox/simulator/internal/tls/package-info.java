/**
 * The server's certificate: a self-signed X.509 v3 leaf written in DER by hand (the JDK has no
 * API to make one), its Proxmox-style fingerprint, and a key manager that can switch to a new one.
 * Internal to the simulator.
 */
package dev.steward.proxmox.simulator.internal.tls;
