/**
 * Benchmark programs for Steward, packed as one executable jar ({@code target/steward-bench.jar})
 * and run by hand: {@code java -jar steward-bench.jar store [--dir DIR] [--quick]} measures the
 * {@code file} state store against the raw fsync rate of the same disk and against SQLite. For
 * the people working on Steward; nothing here is an API.
 */
package dev.steward.bench;
