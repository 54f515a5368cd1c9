package dev.steward.node;

import java.util.List;

/**
 * Where a {@link NodeKind} gets its desired fleets at the start of each pass: a fleet file read
 * again on reload, a list in code. Hand one to the {@code node} kind provider with {@link
 * dev.steward.spi.ProviderContext#with}. Must be thread-safe.
 */
@FunctionalInterface
public interface Fleets {
  /** The fleets wanted now, each with its own name. */
  List<DesiredFleet> desired();
}
