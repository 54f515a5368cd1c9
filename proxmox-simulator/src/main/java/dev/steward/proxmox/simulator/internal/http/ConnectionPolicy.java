package dev.steward.proxmox.simulator.internal.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server treats connections, after pveproxy: an idle keep-alive connection is closed after
 * {@code idleTimeout} (AnyEvent's handle timeout, 5 s), a connection serves at most {@code
 * maxRequestsPerConnection} requests (100), and at most {@code maxConcurrentRequests} requests
 * are worked on at once, the others waiting their turn; {@code latency} is how long each one is
 * worked on. Immutable.
 */
public record ConnectionPolicy(Duration idleTimeout, int maxRequestsPerConnection, int maxConcurrentRequests, Duration latency) {
  public ConnectionPolicy {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(latency, "latency");
  }
}
