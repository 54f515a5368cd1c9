package dev.steward.spi;

import dev.steward.Probe;

/** Builds a {@link Probe}, which observes hosts. Register implementations for {@link java.util.ServiceLoader}. */
public interface ProbeProvider extends Provider<Probe> {}
