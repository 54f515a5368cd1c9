package dev.steward.drift;

import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every resource in exactly one class, ordered by key, plus what was observed that no
 * configuration knows.
 *
 * @param entries one per resource, ordered by key
 * @param unmanaged resources seen on reachable hosts that are neither recorded nor known to the
 *     rules, ordered by key; they are reported, never touched
 */
public record DriftReport(List<DriftEntry> entries, List<ObservedResource> unmanaged) {
  public DriftReport {
    entries = List.copyOf(entries);
    unmanaged = List.copyOf(unmanaged);
  }

  /** One report of every entry and unmanaged resource of {@code reports}, ordered by key. */
  public static DriftReport merge(List<DriftReport> reports) {
    if (reports.size() == 1) {
      return reports.get(0);
    }
    List<DriftEntry> entries = new ArrayList<>();
    List<ObservedResource> unmanaged = new ArrayList<>();
    for (DriftReport report : reports) {
      entries.addAll(report.entries());
      unmanaged.addAll(report.unmanaged());
    }
    entries.sort(Comparator.comparing(DriftEntry::key));
    unmanaged.sort(Comparator.comparing(ObservedResource::key));
    return new DriftReport(entries, unmanaged);
  }

  /** The entries of one class, ordered by key. */
  public List<DriftEntry> of(DriftClass drift) {
    return entries.stream().filter(e -> e.drift() == drift).toList();
  }

  public Optional<DriftEntry> find(ResourceKey key) {
    return entries.stream().filter(e -> e.key().equals(key)).findFirst();
  }

  /** How many entries each class has; every class is present, with 0 when it has none. */
  public Map<DriftClass, Integer> counts() {
    Map<DriftClass, Integer> counts = new EnumMap<>(DriftClass.class);
    for (DriftClass drift : DriftClass.values()) {
      counts.put(drift, 0);
    }
    entries.forEach(e -> counts.merge(e.drift(), 1, Integer::sum));
    return counts;
  }
}
