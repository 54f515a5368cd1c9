package dev.steward.internal.store;

import dev.steward.ChangeQuery;
import dev.steward.Failures;
import dev.steward.RecordExistsException;
import dev.steward.RecordNotFoundException;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Sighting;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.Transition;
import dev.steward.Lifecycle;
import dev.steward.Lifecycles;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The {@code memory} store: records live in this JVM only and are gone when it exits. For tests,
 * dry runs and tools that rebuild their state from observation. Thread-safe (one lock).
 */
final class MemoryStateStore implements StateStore {
  private final Clock clock;
  private final Lifecycles lifecycles;
  private final int historyLimit;
  private final TreeMap<ResourceKey, ResourceRecord> records = new TreeMap<>();
  private final Map<ResourceKey, ArrayDeque<Transition>> histories = new HashMap<>();
  private final ChangeFeed feed;
  /** Each record's kept changes, oldest first; a record without any has none here. */
  private final Map<ResourceKey, List<ResourceChange>> changes = new HashMap<>();

  MemoryStateStore(Clock clock, Lifecycles lifecycles, int historyLimit, ChangeFeed feed) {
    this.clock = clock;
    this.lifecycles = lifecycles;
    this.historyLimit = historyLimit;
    this.feed = feed;
  }

  @Override
  public synchronized Optional<ResourceRecord> find(ResourceKey key) {
    return Optional.ofNullable(records.get(Objects.requireNonNull(key, "key")));
  }

  @Override
  public synchronized List<ResourceRecord> list() {
    return List.copyOf(records.values());
  }

  @Override
  public synchronized ResourceRecord create(ResourceKey key, String lifecycle, Optional<Spec> spec, String reason) {
    Lifecycle table = lifecycles.get(lifecycle);
    ResourceRecord existing = records.get(key);
    if (existing != null) {
      throw new RecordExistsException(existing);
    }
    ResourceRecord record = ResourceRecord.create(key, table.name(), table.initialState(), reason, clock.instant());
    if (spec.isPresent()) {
      record = new ResourceRecord(key, record.lifecycle(), record.state(), reason, spec, Map.of(),
          record.createdAt(), record.updatedAt(), Failures.none(), 1);
    }
    records.put(key, record);
    remember(key, new Transition(Optional.empty(), record.state(), reason, record.createdAt()));
    return record;
  }

  @Override
  public synchronized ResourceRecord transition(ResourceKey key, String state, String reason) {
    ResourceRecord current = get(key);
    lifecycles.get(current.lifecycle()).check(key, current.state(), state);
    if (current.state().equals(state) && current.reason().equals(reason)) {
      return current;
    }
    ResourceRecord next = put(current.withState(state, reason, clock.instant()));
    if (!current.state().equals(state)) {
      remember(key, new Transition(Optional.of(current.state()), state, reason, next.updatedAt()));
    }
    return next;
  }

  @Override
  public synchronized ResourceRecord checkpoint(ResourceKey key, String stage) {
    ResourceRecord.requireStageName(stage);
    return change(key, r -> r.withCheckpoint(stage, clock.instant()));
  }

  @Override
  public synchronized ResourceRecord checkpoint(ResourceKey key, String stage, String state, String reason) {
    ResourceRecord.requireStageName(stage);
    ResourceRecord current = get(key);
    lifecycles.get(current.lifecycle()).check(key, current.state(), state);
    ResourceRecord next = current.withCheckpointAndState(stage, state, reason, clock.instant());
    if (next == current) {
      return current;
    }
    put(next);
    if (!current.state().equals(state)) {
      remember(key, new Transition(Optional.of(current.state()), state, reason, next.updatedAt()));
    }
    return next;
  }

  @Override
  public synchronized List<Transition> history(ResourceKey key) {
    get(key);
    return List.copyOf(histories.getOrDefault(key, new ArrayDeque<>()));
  }

  private void remember(ResourceKey key, Transition transition) {
    ArrayDeque<Transition> history = histories.computeIfAbsent(key, k -> new ArrayDeque<>());
    history.addLast(transition);
    while (history.size() > historyLimit) {
      history.removeFirst();
    }
  }

  @Override
  public synchronized ResourceRecord updateAttributes(ResourceKey key, Map<String, String> attributes) {
    return change(key, r -> Attributes.merged(r, attributes, clock.instant()));
  }

  @Override
  public synchronized ResourceRecord updateSpec(ResourceKey key, Spec spec) {
    return change(key, r -> r.spec().equals(Optional.of(spec)) ? r : r.withSpec(spec, clock.instant()));
  }

  @Override
  public synchronized ResourceRecord recordFailure(ResourceKey key, String errorType, String errorMessage) {
    Instant now = clock.instant();
    return change(key, r -> r.withFailures(r.failures().plus(now, errorType, errorMessage), now));
  }

  @Override
  public synchronized ResourceRecord resetFailures(ResourceKey key) {
    return change(key, r -> r.failures().isFailing() ? r.withFailures(Failures.none(), clock.instant()) : r);
  }

  @Override
  public synchronized boolean delete(ResourceKey key) {
    histories.remove(key);
    changes.remove(key);
    return records.remove(key) != null;
  }

  @Override
  public synchronized List<ResourceChange> observe(List<Sighting> sightings) {
    ChangeFeed.requireDistinct(sightings);
    Instant now = clock.instant();
    // Every outcome first: a sighting that is refused leaves every record as it was.
    List<ChangeFeed.Outcome> outcomes = new ArrayList<>(sightings.size());
    for (Sighting sighting : sightings) {
      ResourceKey key = sighting.key();
      outcomes.add(feed.apply(records.get(key), changes.getOrDefault(key, List.of()), sighting, lifecycles, now).orElse(null));
    }
    List<ResourceChange> made = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      ChangeFeed.Outcome outcome = outcomes.get(i);
      if (outcome == null) {
        continue;
      }
      ResourceKey key = sightings.get(i).key();
      if (outcome.deletes()) {
        delete(key);
        continue;
      }
      records.put(key, outcome.record());
      outcome.transitions().forEach(t -> remember(key, t));
      if (outcome.changes().isEmpty()) {
        changes.remove(key);
      } else {
        changes.put(key, outcome.changes());
      }
      outcome.change().ifPresent(made::add);
    }
    return List.copyOf(made);
  }

  @Override
  public synchronized List<ResourceChange> changes(ChangeQuery query) {
    ChangeFeed.Collector collector = new ChangeFeed.Collector(feed, query, clock.instant());
    if (query.resource().isPresent()) {
      collector.add(changes.getOrDefault(query.resource().get(), List.of()));
    } else {
      changes.forEach((key, kept) -> {
        if (query.covers(key)) {
          collector.add(kept);
        }
      });
    }
    return collector.result();
  }

  private ResourceRecord change(ResourceKey key, UnaryOperator<ResourceRecord> change) {
    ResourceRecord current = records.get(key);
    if (current == null) {
      throw new RecordNotFoundException(key);
    }
    ResourceRecord next = change.apply(current);
    return next == current ? current : put(next);
  }

  private ResourceRecord put(ResourceRecord record) {
    records.put(record.key(), record);
    return record;
  }
}
