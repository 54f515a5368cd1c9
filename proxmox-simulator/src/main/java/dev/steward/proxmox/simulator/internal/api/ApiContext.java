package dev.steward.proxmox.simulator.internal.api;

import dev.steward.proxmox.simulator.Profile;
import dev.steward.proxmox.simulator.internal.model.Cluster;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every API method may read besides its call: the cluster, the release profile that shapes
 * the values, and the fingerprint of the certificate served now. Immutable.
 */
record ApiContext(Cluster cluster, Profile profile, Supplier<String> fingerprint) {
  ApiContext {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  long now() {
    return cluster.clock().epochSecond();
  }
}
