package dev.steward.drift;

import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Classifies drift. A pure function: no I/O, no clock, the same input gives the same report.
 *
 * <p>The rules, per resource of a kind the rules cover:
 * <ul>
 *   <li>its host was not reached (or not observed at all): UNKNOWN, with the reason. Never STALE,
 *       never ORPHAN, so nothing on such a host is ever cleaned up;
 *   <li>recorded as present and observed: OK, or PARTIAL when expected parts are missing;
 *   <li>recorded as present, not observed: STALE;
 *   <li>recorded as absent (or gone for good), but observed: ORPHAN;
 *   <li>recorded as absent and not observed: OK (gone-for-good records are left out);
 *   <li>observed, not recorded: ORPHAN when the rules know it, else listed as unmanaged.
 * </ul>
 */
public final class Drift {
  private Drift() {}

  /**
   * @param records what the store remembers (records of other kinds are ignored)
   * @param observations what probes saw; for a host observed twice, the later observation counts
   *     (at the same instant, an unreachable one wins)
   * @param rules kinds, known resources, expected parts and presence
   */
  public static DriftReport classify(
      Collection<ResourceRecord> records, Collection<Observation> observations, DriftRules rules) {
    Map<String, Observation> byHost = new HashMap<>();
    for (Observation observation : observations) {
      byHost.merge(observation.host(), observation, Drift::later);
    }
    // Hash maps and one sort of the keys: a pass over 100,000 nodes must stay cheap.
    Map<ResourceKey, ObservedResource> observed = new HashMap<>();
    for (Observation observation : byHost.values()) {
      for (ObservedResource resource : observation.resources()) {
        if (rules.covers(resource.key())) {
          observed.putIfAbsent(resource.key(), resource);
        }
      }
    }
    Map<ResourceKey, ResourceRecord> recorded = new HashMap<>(records.size() * 4 / 3 + 1);
    for (ResourceRecord record : records) {
      if (rules.covers(record.key())) {
        recorded.put(record.key(), record);
      }
    }

    Set<ResourceKey> union = new HashSet<>(recorded.keySet());
    union.addAll(observed.keySet());
    List<ResourceKey> keys = new ArrayList<>(union);
    keys.sort(null);
    List<DriftEntry> entries = new ArrayList<>(keys.size());
    List<ObservedResource> unmanaged = new ArrayList<>();
    for (ResourceKey key : keys) {
      Optional<ResourceRecord> record = Optional.ofNullable(recorded.get(key));
      Optional<ObservedResource> seen = Optional.ofNullable(observed.get(key));
      Observation host = byHost.get(key.host());
      if (host == null || !host.isReachable()) {
        // Only records reach here: an unreachable host has no observed resources.
        if (record.isPresent() && !rules.isGone(record.get())) {
          String why = host == null
              ? "host " + key.host() + " was not observed"
              : "host " + key.host() + " could not be observed: " + host.unreachableReason().orElseThrow();
          entries.add(new DriftEntry(key, DriftClass.UNKNOWN, record, seen, Set.of(), why));
        }
        continue;
      }
      if (record.isEmpty()) {
        if (rules.isKnown(key)) {
          entries.add(new DriftEntry(key, DriftClass.ORPHAN, record, seen, Set.of(),
              "found on " + key.host() + " but not recorded"));
        } else {
          unmanaged.add(seen.orElseThrow());
        }
        continue;
      }
      ResourceRecord r = record.get();
      boolean gone = rules.isGone(r);
      if (!gone && rules.expectsPresence(r)) {
        if (seen.isEmpty()) {
          entries.add(new DriftEntry(key, DriftClass.STALE, record, seen, Set.of(),
              "recorded as " + r.state() + " but not found on " + key.host()));
          continue;
        }
        Set<String> expected = rules.expectedParts(key);
        Set<String> missing = expected.isEmpty() ? Set.of() : new TreeSet<>(expected);
        if (!missing.isEmpty()) {
          missing.removeAll(seen.get().parts());
        }
        if (missing.isEmpty()) {
          entries.add(new DriftEntry(key, DriftClass.OK, record, seen, Set.of(), "present as recorded"));
        } else {
          entries.add(new DriftEntry(key, DriftClass.PARTIAL, record, seen, missing,
              "missing " + String.join(", ", missing)));
        }
      } else if (seen.isPresent()) {
        entries.add(new DriftEntry(key, DriftClass.ORPHAN, record, seen, Set.of(),
            "recorded as " + r.state() + " but found on " + key.host()));
      } else if (!gone) {
        entries.add(new DriftEntry(key, DriftClass.OK, record, seen, Set.of(), "absent, as recorded (" + r.state() + ")"));
      }
    }
    return new DriftReport(entries, unmanaged);
  }

  /**
   * The observation that counts when a host was observed twice: the later one. Two taken at the
   * same instant must not be decided by input order, so the unreachable one wins (nothing is
   * cleaned up on a host that one probe could not see), then the one whose text sorts last.
   */
  private static Observation later(Observation a, Observation b) {
    int byTime = a.observedAt().compareTo(b.observedAt());
    if (byTime != 0) {
      return byTime > 0 ? a : b;
    }
    if (a.isReachable() != b.isReachable()) {
      return a.isReachable() ? b : a;
    }
    return a.toString().compareTo(b.toString()) >= 0 ? a : b;
  }
}
