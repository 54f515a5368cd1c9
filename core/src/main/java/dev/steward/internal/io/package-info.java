/**
 * Durable file writes shared by the public {@link dev.steward.spi.support.AtomicFiles} and the file store's
 * engine. Internal: not exported. A package of its own so that neither depends on the other's.
 */
package dev.steward.internal.io;
