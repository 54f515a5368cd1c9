package dev.steward.testkit.contract;

import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.spi.Provider;

/**
 * What every contract test shares: the provider under test is found by id through discovery,
 * exactly as an embedder would find it, so a contract run also proves the registration.
 */
abstract class ProviderContract<P extends Provider<T>, T> {
  private final ExtensionPoint<P, T> point;

  ProviderContract(ExtensionPoint<P, T> point) {
    this.point = point;
  }

  /** The id of the provider under test, e.g. {@code "local"}. */
  protected abstract String providerId();

  /**
   * Extra settings the provider needs (a host, a directory...). The contract adds the selection of
   * {@link #providerId()} and whatever it needs itself.
   */
  protected Settings.Builder settings() {
    return Settings.builder();
  }

  /** Discovers the provider by id and builds its object from {@code settings}. */
  protected T create(Settings.Builder settings) {
    Settings built = settings.set(point.selectionSetting(), providerId()).build();
    return ProviderRegistry.discover().create(point, built);
  }
}
