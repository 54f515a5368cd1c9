package dev.steward.internal.selector;

import dev.steward.NodeSelector;
import dev.steward.ResourceRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A selector that sorts candidates by one criterion, then by key, and takes the first ones. */
abstract class OrderingSelector implements NodeSelector {
  /** The criterion; ties fall through to the resource key, so the order is total. */
  abstract Comparator<ResourceRecord> order(List<ResourceRecord> candidates);

  @Override
  public final List<ResourceRecord> selectForRemoval(List<ResourceRecord> candidates, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("Cannot select " + count + " nodes for removal; count must be zero or more");
    }
    List<ResourceRecord> sorted = new ArrayList<>(candidates);
    sorted.sort(order(candidates).thenComparing(ResourceRecord::key));
    return List.copyOf(sorted.subList(0, Math.min(count, sorted.size())));
  }
}
