/**
 * Readers of what hosts report: pure functions from the text of a command's output, a
 * {@code /proc} file or a metrics page to records, for probes and managers in any module. Each parser throws an
 * {@link dev.steward.observe.OutputParseException} for text it cannot read, never another
 * exception. Thread-safe: parsers keep no state.
 */
package dev.steward.observe;
