/**
 * Who may call: users and API tokens with their privileges, tickets and CSRF tokens in Proxmox's
 * formats on the simulator's clock, and pve-http-server's auth step. Internal to the simulator.
 */
package dev.steward.proxmox.simulator.internal.auth;
