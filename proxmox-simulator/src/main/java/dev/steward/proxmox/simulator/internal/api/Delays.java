package dev.steward.proxmox.simulator.internal.api;

import dev.steward.proxmox.simulator.NodeOutage;
import java.time.Duration;
import java.util.Objects;

/**
 * How long after a request arrived its answer may leave when PVE holds it back: a refused login
 * or auth step (pve-http-server: "always delay unauthorized calls by 3 seconds"), and a call
 * forwarded to a node that is down (595 when connecting fails, 596 when the forwarding times out).
 * Immutable.
 */
public record Delays(Duration auth, Duration unreachable, Duration timedOut) {
  public Delays {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(unreachable, "unreachable");
    Objects.requireNonNull(timedOut, "timedOut");
  }

  Duration of(NodeOutage outage) {
    return outage == NodeOutage.UNREACHABLE ? unreachable : timedOut;
  }
}
