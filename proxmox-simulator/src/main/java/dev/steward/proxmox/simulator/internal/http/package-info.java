/**
 * HTTPS/1.1 on a plain {@code SSLServerSocket}, with pveproxy's connection habits: reason phrases
 * of its own, {@code Connection: close} after every error, idle keep-alive connections closed,
 * a cap of requests per connection, answers held back until a delay has passed. Knows nothing of
 * Proxmox's API. Internal to the simulator.
 */
package dev.steward.proxmox.simulator.internal.http;
