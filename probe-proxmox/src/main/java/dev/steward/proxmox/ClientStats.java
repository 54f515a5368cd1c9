package dev.steward.proxmox;

/**
 * What a {@link ProxmoxClient} did since it was built: HTTP requests sent (each attempt and each
 * login counts), retries among them, logins with the password, ticket renewals, and the most
 * requests it had in flight at once. A benchmark reads the difference of two. Immutable.
 */
public record ClientStats(long requests, long retries, long logins, long renewals, int maxInFlight) {
  /** What happened between {@code earlier} and this; {@code maxInFlight} is this one's. */
  public ClientStats since(ClientStats earlier) {
    return new ClientStats(requests - earlier.requests, retries - earlier.retries, logins - earlier.logins,
        renewals - earlier.renewals, maxInFlight);
  }
}
