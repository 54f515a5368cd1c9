package dev.steward;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/** Ways to put transports together. */
public final class Transports {
  /** The names that mean this machine: {@link ResourceKey#LOCAL} and {@code localhost}. */
  public static final Set<String> LOCAL_NAMES = Set.of(ResourceKey.LOCAL, "localhost");

  private Transports() {}

  /**
   * One transport for a fleet spread over this machine and others: commands and connections for
   * {@link #LOCAL_NAMES} go to {@code local}, every other host to {@code remote} (normally
   * {@code ssh}). Closing it closes both.
   */
  public static Transport byHost(Transport local, Transport remote) {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remote, "remote");
    return new ByHost(local, remote);
  }

  private record ByHost(Transport local, Transport remote) implements Transport {
    @Override
    public CommandResult run(String host, Command command) {
      return transportFor(host).run(host, command);
    }

    @Override
    public TcpConnection connect(String host, int port, Duration timeout) {
      return transportFor(host).connect(host, port, timeout);
    }

    private Transport transportFor(String host) {
      return LOCAL_NAMES.contains(host) ? local : remote;
    }

    @Override
    public void close() {
      try {
        remote.close();
      } finally {
        local.close();
      }
    }
  }
}
