package dev.steward.internal.store;

import dev.steward.ChangeQuery;
import dev.steward.CoreSettings;
import dev.steward.Failures;
import dev.steward.Lifecycle;
import dev.steward.Lifecycles;
import dev.steward.ResourceChange;
import dev.steward.ResourceChanges;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.Sighting;
import dev.steward.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The change feed's rules, shared by the stores: what a {@link Sighting} does to a record and its
 * kept changes, how long changes are kept, and which of them a {@link ChangeQuery} returns. A
 * store keeps each record's changes beside it and writes both together, so a crash keeps both or
 * neither. Public only for the stores: exported to the postgres store alone. Stateless and thread-safe.
 *
 * <p>A record whose last change is REMOVED is a tombstone: it stays, in the state its sighting
 * named, so the feed still shows the removal; a later {@code gone} sighting deletes it once that
 * change is older than the retention, and a {@code present} one brings it back as ADDED.
 *
 * @param limit how many changes each record keeps, the newest
 * @param retention how long a change is kept
 */
public record ChangeFeed(int limit, Duration retention) {
  private static final Comparator<ResourceChange> ORDER = Comparator.comparing(ResourceChange::at).thenComparing(ResourceChange::key);

  /** The feed the settings ask for: {@link CoreSettings#CHANGE_LIMIT} and {@link CoreSettings#CHANGE_RETENTION}. */
  public static ChangeFeed of(Settings settings) {
    return new ChangeFeed(settings.get(CoreSettings.CHANGE_LIMIT), settings.get(CoreSettings.CHANGE_RETENTION));
  }

  /**
   * Checks that no two sightings name one resource.
   *
   * @throws IllegalArgumentException naming the first resource named twice
   */
  public static void requireDistinct(List<Sighting> sightings) {
    java.util.Set<dev.steward.ResourceKey> keys = new java.util.HashSet<>();
    for (Sighting s : sightings) {
      if (!keys.add(s.key())) {
        throw new IllegalArgumentException("Two sightings name " + s.key() + ": one observation sees a resource once");
      }
    }
  }

  public ChangeFeed {
    if (limit < 1) {
      throw new IllegalArgumentException("A change feed keeps at least 1 change per resource, got " + limit);
    }
    Objects.requireNonNull(retention, "retention");
  }

  /**
   * What a sighting does.
   *
   * @param record the record after it, or null when it is to be deleted
   * @param transitions the transitions it made: its creation, a change of state
   * @param changes the record's kept changes after it
   * @param change the change it recorded, if any
   */
  public record Outcome(ResourceRecord record, List<Transition> transitions, List<ResourceChange> changes, Optional<ResourceChange> change) {
    public boolean deletes() {
      return record == null;
    }
  }

  /**
   * What {@code sighting} does to {@code current} (null when there is no record) and its kept
   * {@code changes}; empty when it changes nothing.
   *
   * @throws dev.steward.UnknownLifecycleException when a record is to be made for an unknown lifecycle
   * @throws dev.steward.IllegalTransitionException when its lifecycle does not allow the state
   * @throws IllegalArgumentException when the record follows another lifecycle than the sighting names
   */
  public Optional<Outcome> apply(ResourceRecord current, List<ResourceChange> changes, Sighting sighting, Lifecycles lifecycles, Instant now) {
    if (current == null) {
      if (sighting.fields().isEmpty()) {
        return Optional.empty(); // gone or unseen, and never known: nothing to remember
      }
      Lifecycle table = lifecycles.get(sighting.lifecycle());
      Map<String, String> fields = sighting.fields().get();
      List<Transition> transitions = new ArrayList<>();
      transitions.add(new Transition(Optional.empty(), table.initialState(), sighting.reason(), now));
      String state = table.initialState();
      if (!sighting.state().equals(state)) {
        table.check(sighting.key(), state, sighting.state());
        transitions.add(new Transition(Optional.of(state), sighting.state(), sighting.reason(), now));
        state = sighting.state();
      }
      ResourceRecord record = new ResourceRecord(sighting.key(), table.name(), state, sighting.reason(), Optional.empty(), fields, now, now,
          Failures.none(), Map.of(), 1);
      ResourceChange added = new ResourceChange(sighting.key(), ResourceChange.Type.ADDED, ResourceChanges.fields(Map.of(), fields), now);
      return Optional.of(new Outcome(record, transitions, keep(changes, added, now), Optional.of(added)));
    }
    if (!current.lifecycle().equals(sighting.lifecycle())) {
      throw new IllegalArgumentException("The record of " + current.key() + " follows the lifecycle '" + current.lifecycle()
          + "', not '" + sighting.lifecycle() + "' as its sighting says: a resource is observed in one lifecycle only");
    }
    Optional<ResourceChange> last = changes.isEmpty() ? Optional.empty() : Optional.of(changes.get(changes.size() - 1));
    boolean tombstone = last.filter(c -> c.type() == ResourceChange.Type.REMOVED).isPresent();
    ResourceChange change = null;
    Map<String, String> attributes = current.attributes();
    if (sighting.fields().isPresent()) {
      Map<String, String> fields = sighting.fields().get();
      if (tombstone) {
        change = new ResourceChange(current.key(), ResourceChange.Type.ADDED, ResourceChanges.fields(Map.of(), fields), now);
      } else {
        Map<String, ResourceChange.FieldChange> differ = ResourceChanges.fields(attributes, fields);
        if (!differ.isEmpty()) {
          change = new ResourceChange(current.key(), ResourceChange.Type.CHANGED, differ, now);
        }
      }
      attributes = fields;
    } else if (sighting.gone()) {
      if (tombstone) {
        if (last.get().at().isBefore(now.minus(retention))) {
          return Optional.of(new Outcome(null, List.of(), List.of(), Optional.empty()));
        }
      } else {
        change = new ResourceChange(current.key(), ResourceChange.Type.REMOVED, ResourceChanges.fields(attributes, Map.of()), now);
      }
    } else if (tombstone) {
      return Optional.empty(); // unseen, but known to be gone: it stays gone
    }
    boolean moves = !current.state().equals(sighting.state());
    if (tombstone && sighting.gone()) {
      moves = false; // a tombstone stays in the state it was removed to
    }
    if (moves) {
      lifecycles.get(current.lifecycle()).check(current.key(), current.state(), sighting.state());
    }
    boolean reasonChanges = !current.reason().equals(sighting.reason()) && !(tombstone && sighting.gone());
    if (change == null && !moves && !reasonChanges && attributes.equals(current.attributes())) {
      return Optional.empty();
    }
    ResourceRecord next = new ResourceRecord(current.key(), current.lifecycle(), moves ? sighting.state() : current.state(),
        reasonChanges || moves ? sighting.reason() : current.reason(), current.spec(), attributes, current.createdAt(),
        now.isBefore(current.updatedAt()) ? current.updatedAt() : now, current.failures(), current.checkpoints(), current.version() + 1);
    List<Transition> transitions = moves
        ? List.of(new Transition(Optional.of(current.state()), sighting.state(), sighting.reason(), next.updatedAt()))
        : List.of();
    return Optional.of(new Outcome(next, transitions, change == null ? trim(changes, now) : keep(changes, change, now),
        Optional.ofNullable(change)));
  }

  /** {@code changes} with {@code change} added, trimmed. */
  private List<ResourceChange> keep(List<ResourceChange> changes, ResourceChange change, Instant now) {
    List<ResourceChange> more = new ArrayList<>(changes.size() + 1);
    more.addAll(changes);
    more.add(change);
    return trim(more, now);
  }

  /**
   * The changes still kept at {@code now}: those within the retention, at most the newest {@code
   * limit}; a last REMOVED change is kept past the retention, as the tombstone's mark.
   */
  public List<ResourceChange> trim(List<ResourceChange> changes, Instant now) {
    Instant oldest = now.minus(retention);
    int from = Math.max(0, changes.size() - limit);
    while (from < changes.size() - 1 && changes.get(from).at().isBefore(oldest)) {
      from++;
    }
    if (from == changes.size() - 1 && changes.get(from).at().isBefore(oldest)
        && changes.get(from).type() != ResourceChange.Type.REMOVED) {
      from++;
    }
    return from == 0 ? List.copyOf(changes) : List.copyOf(changes.subList(from, changes.size()));
  }

  /** Whether {@code change} is still within the retention at {@code now}. */
  public boolean retained(ResourceChange change, Instant now) {
    return !change.at().isBefore(now.minus(retention));
  }

  /** Collects the changes a query asks for from each record's kept changes. */
  public static final class Collector {
    private final ChangeFeed feed;
    private final ChangeQuery query;
    private final Instant now;
    private final List<ResourceChange> found = new ArrayList<>();

    public Collector(ChangeFeed feed, ChangeQuery query, Instant now) {
      this.feed = feed;
      this.query = query;
      this.now = now;
    }

    public void add(List<ResourceChange> changes) {
      for (ResourceChange change : changes) {
        if (query.matches(change) && feed.retained(change, now)) {
          found.add(change);
        }
      }
    }

    /** What was found, oldest first (then by key), at most the newest {@code limit}. */
    public List<ResourceChange> result() {
      found.sort(ORDER);
      int from = Math.max(0, found.size() - query.limit());
      return List.copyOf(found.subList(from, found.size()));
    }
  }
}
