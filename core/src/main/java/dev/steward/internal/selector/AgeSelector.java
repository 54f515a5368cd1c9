package dev.steward.internal.selector;

import dev.steward.ResourceRecord;
import java.util.Comparator;
import java.util.List;

/** Removes the youngest (or oldest) nodes first, by creation time. */
final class AgeSelector extends OrderingSelector {
  private final boolean youngestFirst;

  AgeSelector(boolean youngestFirst) {
    this.youngestFirst = youngestFirst;
  }

  @Override
  Comparator<ResourceRecord> order(List<ResourceRecord> candidates) {
    Comparator<ResourceRecord> oldestFirst = Comparator.comparing(ResourceRecord::createdAt);
    return youngestFirst ? oldestFirst.reversed() : oldestFirst;
  }
}
