/**
 * For tests, scenarios and benchmarks that need a Proxmox VE cluster to talk to:
 * {@link dev.steward.proxmox.simulator.ProxmoxSimulator} (built with
 * {@link dev.steward.proxmox.simulator.SimulatorBuilder}) serves {@code /api2/json} over HTTPS on a
 * self-signed certificate, for a cluster generated from a seed, as one of the releases in
 * {@link dev.steward.proxmox.simulator.Profile}; its methods change the cluster as an administrator
 * would (migrate, resize, delete, add, take a node down, finish a task).
 * {@link dev.steward.proxmox.simulator.Main} runs one from the command line.
 */
package dev.steward.proxmox.simulator;
