package dev.steward.spi.support;

import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks of {@link dev.steward.Transport#connect}, so that every transport refuses the
 * same arguments with the same words. Thread-safe: no state.
 */
public final class ConnectArguments {
  private ConnectArguments() {}

  /**
   * @throws IllegalArgumentException for a port outside 1..65535 or a timeout that is not positive
   */
  public static void check(int port, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("A TCP port is 1 to 65535, not " + port);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The timeout to connect must be positive, not " + timeout);
    }
  }
}
