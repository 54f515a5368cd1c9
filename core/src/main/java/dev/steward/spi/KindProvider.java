package dev.steward.spi;

import dev.steward.reconcile.Kind;

/**
 * Builds a {@link Kind}: a kind of resource the loop plans for and acts on. Its id is the kind's
 * resource kind, e.g. {@code node}. What a kind acts through and what it wants (a process manager,
 * desired fleets) comes in as components of the {@link ProviderContext} ({@link
 * ProviderContext#with}). Register implementations for {@link java.util.ServiceLoader}.
 */
public interface KindProvider extends Provider<Kind> {}
