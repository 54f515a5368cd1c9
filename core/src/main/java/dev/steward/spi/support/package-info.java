/**
 * Helpers for provider authors, the SPI's support tier (as SLF4J keeps its helpers apart from its
 * API): quoting for a POSIX shell line, the one atomic, durable, 0600 file write, "did you mean"
 * suggestions for messages, the argument checks of {@code Transport.connect}, and a small HTTP GET
 * over such a connection. Stable for providers; embedders need none of it. Thread-safe.
 */
package dev.steward.spi.support;
