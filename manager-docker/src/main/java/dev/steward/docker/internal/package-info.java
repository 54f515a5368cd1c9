/**
 * The engine of the {@code docker} ProcessManager: container names, the {@code docker create}
 * options a spec becomes, the parsers of {@code docker inspect} and {@code docker version}, the
 * docker commands run through the Transport, and the nodes packed several to a container (their
 * pack containers, the scripts that run in them and the listing those print). Internal: not
 * exported.
 */
package dev.steward.docker.internal;
