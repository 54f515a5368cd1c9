package dev.steward.internal.selector;

import dev.steward.ResourceRecord;
import dev.steward.StewardException;
import java.util.Comparator;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Removes nodes by a whole-number attribute: the lowest first ({@code least-records}) or the
 * highest first ({@code most-shunned}). Ties go to the youngest node, then to the key.
 */
final class AttributeSelector extends OrderingSelector {
  private final String selectorId;
  private final String attribute;
  private final boolean highestFirst;
  private final long whenMissing;

  /**
   * @param whenMissing the value a node without the attribute counts as; for {@code records} an
   *     unknown count ranks last (we do not know how much would be lost), for {@code shunned} 0
   */
  AttributeSelector(String selectorId, String attribute, boolean highestFirst, long whenMissing) {
    this.selectorId = selectorId;
    this.attribute = attribute;
    this.highestFirst = highestFirst;
    this.whenMissing = whenMissing;
  }

  @Override
  Comparator<ResourceRecord> order(List<ResourceRecord> candidates) {
    // By identity: hashing a whole record (spec, attributes) per comparison would dominate a large sort.
    Map<ResourceRecord, Long> values = new IdentityHashMap<>();
    for (ResourceRecord record : candidates) {
      values.put(record, value(record));
    }
    Comparator<ResourceRecord> byValue = Comparator.comparing(values::get);
    return (highestFirst ? byValue.reversed() : byValue)
        .thenComparing(Comparator.comparing(ResourceRecord::createdAt).reversed());
  }

  private long value(ResourceRecord record) {
    String text = record.attribute(attribute).orElse(null);
    if (text == null) {
      return whenMissing;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new StewardException("Node selector '" + selectorId + "' cannot rank " + record.key() + ": its attribute '"
          + attribute + "' is '" + text + "', not a whole number. Fix the attribute or choose another selector with steward.node-selector.");
    }
  }
}
