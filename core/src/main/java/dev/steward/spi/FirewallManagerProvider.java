package dev.steward.spi;

import dev.steward.FirewallManager;

/** Builds a {@link FirewallManager}, which opens and closes ports. Register implementations for {@link java.util.ServiceLoader}. */
public interface FirewallManagerProvider extends Provider<FirewallManager> {}
