package dev.steward.drift;

import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.NodeLifecycle;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What {@link Drift#classify} needs to know beyond records and observations: which kinds it looks
 * at, which observed resources a configuration claims, which parts each resource should have, and
 * in which lifecycle states a record means "this should be on the host". Immutable; made with
 * {@link #builder}.
 */
public final class DriftRules {
  private final Set<String> kinds;
  private final Predicate<ResourceKey> known;
  private final Function<ResourceKey, Set<String>> expectedParts;
  private final Predicate<ResourceRecord> expectsPresence;
  private final Predicate<ResourceRecord> gone;

  private DriftRules(Builder builder) {
    this.kinds = Set.copyOf(builder.kinds);
    this.known = builder.known;
    this.expectedParts = builder.expectedParts;
    this.expectsPresence = builder.expectsPresence;
    this.gone = builder.gone;
  }

  /**
   * Rules for resources of {@code kinds}. By default every resource of those kinds is known, none
   * has expected parts, and a record expects presence in the node lifecycle's active states
   * ({@link NodeLifecycle#ACTIVE}) and is gone for good in {@link NodeLifecycle#REMOVED}.
   */
  public static Builder builder(Set<String> kinds) {
    return new Builder(kinds);
  }

  public Set<String> kinds() {
    return kinds;
  }

  boolean covers(ResourceKey key) {
    return kinds.contains(key.kind());
  }

  boolean isKnown(ResourceKey key) {
    return known.test(key);
  }

  Set<String> expectedParts(ResourceKey key) {
    return Objects.requireNonNull(expectedParts.apply(key), "expected parts of " + key);
  }

  boolean expectsPresence(ResourceRecord record) {
    return expectsPresence.test(record);
  }

  boolean isGone(ResourceRecord record) {
    return gone.test(record);
  }

  /** Collects the rules; not thread-safe. */
  public static final class Builder {
    private final Set<String> kinds;
    private Predicate<ResourceKey> known = key -> true;
    private Function<ResourceKey, Set<String>> expectedParts = key -> Set.of();
    private Predicate<ResourceRecord> expectsPresence = record -> NodeLifecycle.ACTIVE.contains(record.state());
    private Predicate<ResourceRecord> gone = record -> NodeLifecycle.REMOVED.equals(record.state());

    private Builder(Set<String> kinds) {
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("Drift rules need at least one resource kind to look at");
      }
      this.kinds = Set.copyOf(kinds);
    }

    /** Which observed resources without a record a configuration claims (they become ORPHAN, the rest unmanaged). */
    public Builder known(Predicate<ResourceKey> known) {
      this.known = Objects.requireNonNull(known, "known");
      return this;
    }

    /** The parts each resource should have; a present resource missing some is PARTIAL. */
    public Builder expectedParts(Function<ResourceKey, Set<String>> expectedParts) {
      this.expectedParts = Objects.requireNonNull(expectedParts, "expectedParts");
      return this;
    }

    /** Whether a record in its current state says the resource should be on its host. */
    public Builder expectsPresence(Predicate<ResourceRecord> expectsPresence) {
      this.expectsPresence = Objects.requireNonNull(expectsPresence, "expectsPresence");
      return this;
    }

    /**
     * Whether a record says the resource is gone for good (a terminal state). Such a record is left
     * out of the report unless the resource is observed, which makes it ORPHAN.
     */
    public Builder gone(Predicate<ResourceRecord> gone) {
      this.gone = Objects.requireNonNull(gone, "gone");
      return this;
    }

    public DriftRules build() {
      return new DriftRules(this);
    }
  }
}
