package dev.steward.proxmox;

import java.time.Duration;
import java.util.Objects;

/**
 * How transient failures of a GET are retried: a timeout, a connection that failed or was reset,
 * a 502/503/504 from a proxy in front, and a node that is unreachable (595, 596, 597, 599). Nothing
 * else is retried: not a 401 (wrong credentials stay wrong, and each costs pveproxy's 3 s delay),
 * not a 4xx or 500, and no write.
 *
 * <p>Before retry {@code n} (1, 2, ...) the client waits {@code min(maxDelay, baseDelay * 2^(n-1))}
 * times a factor drawn evenly from {@code [1 - jitter, 1)}, so clients that failed together do not
 * come back together. A node that is unreachable is retried at most {@code nodeUnreachableRetries}
 * times: pveproxy already waited for it (up to 30 s for a 596), and the cluster view still lists
 * its guests. Separately, an I/O error on a kept-alive connection (pveproxy closes idle ones after
 * 5 s, which can race with reuse) is retried once at once, before any backoff. Immutable.
 *
 * @param retries how many times a transient failure is retried, 0 to 10
 * @param nodeUnreachableRetries how many of those may follow a 595/596/597/599, 0 to {@code retries}
 * @param baseDelay the wait before the first retry, before jitter
 * @param maxDelay the longest wait, before jitter
 * @param jitter the share of each wait that is random, 0 to 1
 */
public record RetryPolicy(int retries, int nodeUnreachableRetries, Duration baseDelay, Duration maxDelay, double jitter) {
  /** 2 retries (1 for an unreachable node), from 500 ms up to 10 s, half of each wait random. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(2, 1, Duration.ofMillis(500), Duration.ofSeconds(10), 0.5);
  /** No retries at all (the one retry of a dropped kept-alive connection still happens). */
  public static final RetryPolicy NONE = new RetryPolicy(0, 0, Duration.ZERO, Duration.ZERO, 0);

  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (retries < 0 || retries > 10) {
      throw new IllegalArgumentException("retries must be 0 to 10, not " + retries);
    }
    if (nodeUnreachableRetries < 0 || nodeUnreachableRetries > retries) {
      throw new IllegalArgumentException("nodeUnreachableRetries must be 0 to retries (" + retries + "), not " + nodeUnreachableRetries);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("the delays must satisfy 0 <= baseDelay <= maxDelay, not " + baseDelay + " and " + maxDelay);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, not " + jitter);
    }
  }

  /**
   * The wait before retry {@code retry} (1 for the first), given a random number {@code random}
   * from {@code [0, 1)}.
   */
  public Duration delayBefore(int retry, double random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries count from 1, not " + retry);
    }
    long max = maxDelay.toNanos();
    long nominal = baseDelay.toNanos();
    for (int i = 1; i < retry && nominal > 0 && nominal < max; i++) {
      nominal = nominal > max / 2 ? max : nominal * 2;
    }
    double factor = 1 - jitter + jitter * random;
    return Duration.ofNanos(Math.round(nominal * factor));
  }
}
