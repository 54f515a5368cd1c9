package dev.steward.proxmox.simulator.internal.api;

import dev.steward.proxmox.simulator.Privilege;
import dev.steward.proxmox.simulator.internal.auth.Principal;
import dev.steward.proxmox.simulator.internal.model.ClusterState;
import java.util.Objects;

/**
 * One authenticated call of an API method: who makes it, its checked parameters (path parts
 * included, {@code node} already resolved from {@code localhost}), and the live cluster state it
 * reads, taken once so the whole answer is consistent. Immutable.
 */
record Call(Principal principal, Params params, ClusterState live) {
  Call {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(live, "live");
  }

  String node() {
    return params.string("node").orElseThrow();
  }

  int vmid() {
    return Math.toIntExact(params.integer("vmid").orElseThrow());
  }

  /** @throws ApiException 403 unless the caller holds {@code privilege} (on {@code /}, inherited by {@code path}) */
  void require(String path, Privilege privilege) {
    if (!principal.has(privilege)) {
      throw ApiException.permission(path, privilege.apiName());
    }
  }

  boolean may(Privilege privilege) {
    return principal.has(privilege);
  }
}
