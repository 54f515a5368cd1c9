/**
 * The machinery of the {@code ssh} transport: the session pool, the known_hosts check, key and
 * agent authentication, the remote command line. Internal: not exported; select the transport by id.
 */
package dev.steward.probe.ssh.internal;
