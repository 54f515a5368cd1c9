/**
 * The process table of this machine, read from {@code /proc}: the one reader the {@code local}
 * probe and the {@code process} manager share, with {@code USER_HZ} found in one place. Internal:
 * exported only to Steward's own {@code dev.steward.manager.process}, not to embedders or other
 * providers.
 */
package dev.steward.internal.proc;
