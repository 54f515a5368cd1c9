/**
 * The engine of the {@code systemd} ProcessManager: unit names, unit files and the systemctl
 * commands run through the Transport. Internal: not exported.
 */
package dev.steward.systemd.internal;
