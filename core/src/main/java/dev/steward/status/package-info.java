/**
 * Live status for other processes, for tools that embed Steward and for the commands that ask them
 * what they are doing. A running instance publishes its items through a {@link
 * dev.steward.status.StatusPublisher}: a small JSON status file ({@code <dir>/<name>.status.json},
 * 0600, replaced atomically and durably) and a JSON-RPC 2.0 endpoint on a unix domain socket
 * ({@code <dir>/<name>.sock}, 0600, peers of another user refused). A {@link
 * dev.steward.status.StatusClient} asks the socket first and falls back to the file, with warnings
 * when the file is stale or its process is gone.
 */
package dev.steward.status;
