package dev.steward.drift;

import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One resource's drift.
 *
 * @param key the resource
 * @param drift its class
 * @param record what the store remembers, if anything
 * @param observed what the probe saw, if anything
 * @param missingParts the expected parts that were not observed (only for {@link DriftClass#PARTIAL})
 * @param reason why it is in this class, in words for a person
 */
public record DriftEntry(
    ResourceKey key,
    DriftClass drift,
    Optional<ResourceRecord> record,
    Optional<ObservedResource> observed,
    Set<String> missingParts,
    String reason) {
  public DriftEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(drift, "drift");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(observed, "observed");
    missingParts = missingParts.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(missingParts));
    Objects.requireNonNull(reason, "reason");
    if (record.isEmpty() && observed.isEmpty()) {
      throw new IllegalArgumentException("A drift entry for " + key + " needs a record or an observation");
    }
    if (drift == DriftClass.PARTIAL && missingParts.isEmpty()) {
      throw new IllegalArgumentException("A PARTIAL entry for " + key + " must name its missing parts");
    }
  }
}
