/** The built-in {@code local} probe, which reads this machine's {@code /proc}. Internal: not exported; select it by id. */
package dev.steward.internal.probe;
