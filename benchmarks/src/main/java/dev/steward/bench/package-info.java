/**
 * Benchmark programs for Steward, packed as one executable jar ({@code target/steward-bench.jar})
 * and run by hand, each printing its figures beside an anchor: {@code store} (the {@code file}
 * state store against the disk's fsync rate and SQLite), {@code plan}, {@code reconcile},
 * {@code status}, {@code ssh} (the fan-out against OpenSSH), {@code systemd} (quiet passes over
 * the lab's systemd hosts against {@code systemctl show} through OpenSSH) and {@code docker} (quiet
 * passes over containers on this machine's engine against {@code docker ps} and {@code docker
 * inspect} by hand). For the people working
 * on Steward; nothing here is an API.
 */
package dev.steward.bench;
