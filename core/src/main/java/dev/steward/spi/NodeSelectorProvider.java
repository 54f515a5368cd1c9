package dev.steward.spi;

import dev.steward.NodeSelector;

/** Builds a {@link NodeSelector}, which chooses the nodes to remove. Register implementations for {@link java.util.ServiceLoader}. */
public interface NodeSelectorProvider extends Provider<NodeSelector> {}
