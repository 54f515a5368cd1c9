package dev.steward.proxmox;

/**
 * How loaded a node is, from {@code /nodes} or {@code /cluster/resources}; changes on every read.
 * Immutable.
 *
 * @param cpu the CPU load as a fraction of all its CPUs (0 to 1)
 * @param maxCpu its CPUs
 * @param memory memory used, bytes
 * @param maxMemory memory, bytes
 * @param disk root file system used, bytes
 * @param maxDisk root file system size, bytes
 * @param uptimeSeconds seconds since it booted
 */
public record NodeUsage(double cpu, int maxCpu, long memory, long maxMemory, long disk, long maxDisk, long uptimeSeconds) {}
