/**
 * The simulated cluster: nodes, guests, storages and tasks generated from a seed, its immutable
 * states, and the changes the simulator's API makes. No HTTP and no JSON here. Internal to the
 * simulator.
 */
package dev.steward.proxmox.simulator.internal.model;
