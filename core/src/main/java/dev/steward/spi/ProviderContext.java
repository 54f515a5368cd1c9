package dev.steward.spi;

import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.Transport;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a provider gets to build its object: the settings, the clock, and a {@link Transport} for
 * plugins that run commands on hosts. The transport is made on first use and is owned by whoever
 * made the context, who closes it. Thread-safe.
 */
public final class ProviderContext {
  private final Settings settings;
  private final Supplier<Transport> transportFactory;
  private final Map<Class<?>, Object> components;
  private volatile Transport transport;

  private ProviderContext(Settings settings, Supplier<Transport> transportFactory, Map<Class<?>, Object> components) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.transportFactory = Objects.requireNonNull(transportFactory, "transportFactory");
    this.components = Map.copyOf(components);
  }

  private ProviderContext(Settings settings, Supplier<Transport> transportFactory) {
    this(settings, transportFactory, Map.of());
  }

  /**
   * A context that also hands providers {@code component}, a live object their settings cannot
   * name: the process manager a {@code node} kind acts through, say. The transport is shared.
   */
  public <T> ProviderContext with(Class<T> type, T component) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(component, "component");
    Map<Class<?>, Object> more = new HashMap<>(components);
    more.put(type, component);
    return new ProviderContext(settings, this::transport, more);
  }

  /** The component handed in as {@code type}, if any. */
  public <T> Optional<T> component(Class<T> type) {
    return Optional.ofNullable(type.cast(components.get(type)));
  }

  /**
   * The component handed in as {@code type}.
   *
   * @param who what needs it, for the message, e.g. {@code "the node kind"}
   * @throws IllegalStateException naming the type and how to hand one in, when there is none
   */
  public <T> T require(Class<T> type, String who) {
    return component(type).orElseThrow(() -> new IllegalStateException(who + " needs a " + type.getSimpleName()
        + ": hand one in with ProviderContext.with(" + type.getSimpleName() + ".class, ...)"));
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
