package dev.steward.proxmox.simulator.internal.api;

/** One API method's handler; thread-safe. */
@FunctionalInterface
interface Endpoint {
  Reply handle(Call call);
}
