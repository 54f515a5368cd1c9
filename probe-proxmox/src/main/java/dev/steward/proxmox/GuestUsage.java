package dev.steward.proxmox;

import java.util.OptionalLong;

/**
 * How much a guest uses now; changes on every read, so an inventory compares the rest of
 * {@link Guest} and not this. Immutable.
 *
 * @param cpu CPU load as a fraction of its CPUs
 * @param memory memory used, bytes
 * @param disk disk used, bytes (0 where the API cannot tell, as for most VMs)
 * @param uptimeSeconds seconds since it started, 0 when stopped
 * @param netIn bytes received since it started
 * @param netOut bytes sent since it started
 * @param diskRead bytes read since it started
 * @param diskWrite bytes written since it started
 * @param pid the process id of its QEMU or its container's init, only while it runs
 */
public record GuestUsage(double cpu, long memory, long disk, long uptimeSeconds, long netIn, long netOut,
    long diskRead, long diskWrite, OptionalLong pid) {}
