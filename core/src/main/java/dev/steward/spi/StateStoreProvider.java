package dev.steward.spi;

import dev.steward.StateStore;

/** Builds a {@link StateStore}, which remembers records durably. Register implementations for {@link java.util.ServiceLoader}. */
public interface StateStoreProvider extends Provider<StateStore> {}
