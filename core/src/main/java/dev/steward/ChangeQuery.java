package dev.steward;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which changes {@link StateStore#changes} returns: a time window, one resource or one kind, some
 * types of change, and at most the newest {@code limit} of them. Start from {@link #all()}.
 * Immutable and thread-safe.
 *
 * @param since only changes at or after this instant
 * @param until only changes before this instant
 * @param resource only the changes of this resource
 * @param kind only the changes of resources of this kind (e.g. {@code pve-qemu})
 * @param types only changes of these types; never empty
 * @param limit at most this many, the newest ones; at least 1
 */
public record ChangeQuery(Optional<Instant> since, Optional<Instant> until, Optional<ResourceKey> resource, Optional<String> kind,
    Set<ResourceChange.Type> types, int limit) {
  public ChangeQuery {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(kind, "kind");
    types = Set.copyOf(Objects.requireNonNull(types, "types"));
    if (types.isEmpty()) {
      throw new IllegalArgumentException("A change query needs at least one type of change (ADDED, CHANGED, REMOVED)");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("A change query's limit must be at least 1, got " + limit);
    }
  }

  /** Every change the store still keeps. */
  public static ChangeQuery all() {
    return new ChangeQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        EnumSet.allOf(ResourceChange.Type.class), Integer.MAX_VALUE);
  }

  public ChangeQuery since(Instant from) {
    return new ChangeQuery(Optional.of(from), until, resource, kind, types, limit);
  }

  public ChangeQuery until(Instant to) {
    return new ChangeQuery(since, Optional.of(to), resource, kind, types, limit);
  }

  public ChangeQuery resource(ResourceKey key) {
    return new ChangeQuery(since, until, Optional.of(key), kind, types, limit);
  }

  public ChangeQuery kind(String name) {
    return new ChangeQuery(since, until, resource, Optional.of(name), types, limit);
  }

  public ChangeQuery types(ResourceChange.Type first, ResourceChange.Type... more) {
    return new ChangeQuery(since, until, resource, kind, EnumSet.of(first, more), limit);
  }

  public ChangeQuery limit(int newest) {
    return new ChangeQuery(since, until, resource, kind, types, newest);
  }

  /** Whether the query may match a change of {@code key} (so a store can skip other records whole). */
  public boolean covers(ResourceKey key) {
    return resource.map(key::equals).orElse(true) && kind.map(key.kind()::equals).orElse(true);
  }

  /** Whether {@code change} is one the query asks for (its limit aside). */
  public boolean matches(ResourceChange change) {
    return covers(change.key()) && types.contains(change.type())
        && since.map(s -> !change.at().isBefore(s)).orElse(true)
        && until.map(u -> change.at().isBefore(u)).orElse(true);
  }
}
