/**
 * The engine of the {@code docker} ProcessManager: container names, the {@code docker create}
 * options a spec becomes, the parsers of {@code docker inspect} and {@code docker version}, and the
 * docker commands run through the Transport. Internal: not exported.
 */
package dev.steward.docker.internal;
