package dev.steward.proxmox.simulator;

/**
 * A guest as the simulator holds it now, for tests and scenarios that pick one to change: vmid,
 * type, node, name, whether it runs, whether it is a template, and its memory. Immutable.
 */
public record GuestSummary(int vmid, GuestType type, String node, String name, boolean running, boolean template,
    long memoryMb) {}
