/**
 * The engine of the {@code process} ProcessManager: launching, records, and readers of
 * {@code /proc}. Internal: not exported.
 */
package dev.steward.process.internal;
