package dev.steward.proxmox.simulator;

/**
 * What the simulator counted since it started or was last {@linkplain ProxmoxSimulator#resetCounters()
 * reset}: requests answered, requests in flight now and the most at once (from a request's first
 * byte until its answer, delays passed, is sent), connections accepted, and connections the
 * server closed for sitting idle or for reaching the per-connection request cap. Immutable.
 */
public record RequestCounters(long served, int inFlight, int maxInFlight, long connections, long closedIdle, long closedAtCap) {}
