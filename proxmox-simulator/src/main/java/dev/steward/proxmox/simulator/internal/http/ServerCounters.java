package dev.steward.proxmox.simulator.internal.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server counted: requests answered, requests in flight now and the most at once,
 * connections accepted and those closed for being idle or for reaching the request cap. A request
 * is in flight from its first byte until its answer, delays passed, starts to be written; it is
 * counted as served at that moment, so a client holding the answer finds it counted. Thread-safe.
 */
public final class ServerCounters {
  private final AtomicLong served = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong idleClosed = new AtomicLong();
  private final AtomicLong capClosed = new AtomicLong();

  void requestStarted() {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
  }

  void requestFinished() {
    inFlight.decrementAndGet();
    served.incrementAndGet();
  }

  void connectionOpened() {
    connections.incrementAndGet();
  }

  void closedIdle() {
    idleClosed.incrementAndGet();
  }

  void closedAtCap() {
    capClosed.incrementAndGet();
  }

  public long served() {
    return served.get();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  public long connections() {
    return connections.get();
  }

  public long idleClosed() {
    return idleClosed.get();
  }

  public long capClosed() {
    return capClosed.get();
  }

  /** Starts counting afresh, for a benchmark's measured phase; requests in flight stay counted. */
  public void reset() {
    served.set(0);
    maxInFlight.set(inFlight.get());
    connections.set(0);
    idleClosed.set(0);
    capClosed.set(0);
  }
}
