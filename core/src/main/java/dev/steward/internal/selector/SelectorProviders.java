package dev.steward.internal.selector;

import dev.steward.NodeSelector;
import dev.steward.spi.NodeSelectorProvider;
import dev.steward.spi.ProviderContext;

/** The built-in node selectors, one provider class each so ServiceLoader can find them. */
public final class SelectorProviders {
  private SelectorProviders() {}

  /** {@code youngest}: the most recently created nodes go first. */
  public static final class Youngest implements NodeSelectorProvider {
    @Override
    public String id() {
      return "youngest";
    }

    @Override
    public String description() {
      return "removes the most recently created nodes first";
    }

    @Override
    public NodeSelector create(ProviderContext context) {
      return new AgeSelector(true);
    }
  }

  /** {@code oldest}: the longest-lived nodes go first. */
  public static final class Oldest implements NodeSelectorProvider {
    @Override
    public String id() {
      return "oldest";
    }

    @Override
    public String description() {
      return "removes the oldest nodes first";
    }

    @Override
    public NodeSelector create(ProviderContext context) {
      return new AgeSelector(false);
    }
  }

  /** {@code least-records}: nodes whose {@code records} attribute is lowest go first. */
  public static final class LeastRecords implements NodeSelectorProvider {
    @Override
    public String id() {
      return "least-records";
    }

    @Override
    public String description() {
      return "removes the nodes with the fewest 'records' first (unknown counts last)";
    }

    @Override
    public NodeSelector create(ProviderContext context) {
      return new AttributeSelector(id(), "records", false, Long.MAX_VALUE);
    }
  }

  /** {@code most-shunned}: nodes whose {@code shunned} attribute is highest go first. */
  public static final class MostShunned implements NodeSelectorProvider {
    @Override
    public String id() {
      return "most-shunned";
    }

    @Override
    public String description() {
      return "removes the nodes shunned most often first (a missing count is 0)";
    }

    @Override
    public NodeSelector create(ProviderContext context) {
      return new AttributeSelector(id(), "shunned", true, 0);
    }
  }
}
