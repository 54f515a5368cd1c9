package dev.steward.spi;

import dev.steward.Transport;

/** Builds a {@link Transport}, which runs commands on hosts. Register implementations for {@link java.util.ServiceLoader}. */
public interface TransportProvider extends Provider<Transport> {}
