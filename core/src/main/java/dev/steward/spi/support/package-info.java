/**
 * Helpers for provider authors, the SPI's support tier (as SLF4J keeps its helpers apart from its
 * API): quoting for a POSIX shell line, the one atomic, durable, 0600 file write, "did you mean"
 * suggestions for messages, and the argument checks of {@code Transport.connect}. The API's own
 * types use these helpers, so none of them may use the API's types: {@code HttpText}, which does,
 * is in {@code dev.steward.spi.http}. Stable for providers; embedders need none of it. Thread-safe.
 */
package dev.steward.spi.support;
