package dev.steward.proxmox;

import java.net.URI;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link ProxmoxClient} was built with, as {@link ProxmoxClient.Builder#build()}
 * checked and copied it. Immutable; {@code toString} shows no secret.
 *
 * @param baseUri {@code https://host:8006/api2/json}
 * @param credentials an API token or a user and password
 * @param pinnedFingerprint a certificate trusted even when the default trust store does not vouch for it
 * @param trustStore the trust store of the default check; empty for the JDK's own
 * @param insecure whether every certificate and host name is accepted (logged as a warning at each build)
 * @param maxConcurrency requests in flight at once, at most
 * @param connectTimeout how long connecting may take
 * @param requestTimeout how long one request may take, from sending to the whole answer
 * @param retryPolicy how transient failures of GETs are retried
 * @param ticketRenewal after how long a ticket is renewed (it lives 2 h)
 * @param clock when tickets were issued and discovery ran
 * @param sleeper how the client waits before a retry
 * @param random the source of the retry waits' jitter
 */
public record ProxmoxClientConfig(URI baseUri, ProxmoxCredentials credentials, Optional<Fingerprint> pinnedFingerprint,
    Optional<KeyStore> trustStore, boolean insecure, int maxConcurrency, Duration connectTimeout, Duration requestTimeout,
    RetryPolicy retryPolicy, Duration ticketRenewal, Clock clock, Sleeper sleeper, RandomGenerator random) {
  public ProxmoxClientConfig {
    Objects.requireNonNull(baseUri, "baseUri");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(pinnedFingerprint, "pinnedFingerprint");
    Objects.requireNonNull(trustStore, "trustStore");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    Objects.requireNonNull(ticketRenewal, "ticketRenewal");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(random, "random");
  }

  /** The server, {@code https://host:8006}, for messages. */
  public String server() {
    return baseUri.getScheme() + "://" + baseUri.getRawAuthority();
  }

  @Override
  public String toString() {
    return "ProxmoxClientConfig[" + baseUri + ", " + credentials.getClass().getSimpleName() + " " + credentials.principal()
        + (insecure ? ", INSECURE: any certificate" : pinnedFingerprint.map(p -> ", pinned " + p).orElse(", default trust store"))
        + ", max " + maxConcurrency + " in flight, connect " + connectTimeout + ", request " + requestTimeout + ", " + retryPolicy
        + ", ticket renewal " + ticketRenewal + "]";
  }
}
