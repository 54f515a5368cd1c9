package dev.steward.spi;

import dev.steward.ProcessManager;

/** Builds a {@link ProcessManager}, which starts, stops and reports on processes. Register implementations for {@link java.util.ServiceLoader}. */
public interface ProcessManagerProvider extends Provider<ProcessManager> {}
