package dev.steward.spi;

import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.Transport;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a provider gets to build its object: the settings, the clock, and a {@link Transport} for
 * plugins that run commands on hosts. The transport is made on first use and is owned by whoever
 * made the context, who closes it. Thread-safe.
 */
public final class ProviderContext {
  private final Settings settings;
  private final Supplier<Transport> transportFactory;
  private volatile Transport transport;

  private ProviderContext(Settings settings, Supplier<Transport> transportFactory) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.transportFactory = Objects.requireNonNull(transportFactory, "transportFactory");
  }

  /** A context whose transport is made by {@code transportFactory} when first asked for. */
  public static ProviderContext of(Settings settings, Supplier<Transport> transportFactory) {
    return new ProviderContext(settings, transportFactory);
  }

  /** A context with a transport made already. */
  public static ProviderContext of(Settings settings, Transport transport) {
    Objects.requireNonNull(transport, "transport");
    return new ProviderContext(settings, () -> transport);
  }

  public Settings settings() {
    return settings;
  }

  public Clock clock() {
    return settings.get(CoreSettings.CLOCK);
  }

  /** The transport to run commands through, made on first use. */
  public Transport transport() {
    Transport current = transport;
    if (current == null) {
      synchronized (this) {
        current = transport;
        if (current == null) {
          current = Objects.requireNonNull(transportFactory.get(), "the transport factory returned null");
          transport = current;
        }
      }
    }
    return current;
  }
}
