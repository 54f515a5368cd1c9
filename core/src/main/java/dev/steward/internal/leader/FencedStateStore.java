package dev.steward.internal.leader;

import dev.steward.ChangeQuery;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Sighting;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.Transition;
import dev.steward.leader.Fencing;
import dev.steward.leader.LeaderElection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link dev.steward.leader.Fencing#fence}'s view of a store that does not fence its own writes: every
 * write checks the election's fence just before it runs. Thread-safe as its store is.
 */
public final class FencedStateStore implements StateStore {
  private final StateStore store;
  private final LeaderElection election;

  public FencedStateStore(StateStore store, LeaderElection election) {
    this.store = Objects.requireNonNull(store, "store");
    this.election = Objects.requireNonNull(election, "election");
  }

  private <T> T write(String what, Supplier<T> write) {
    Fencing.require(election, what);
    return write.get();
  }

  @Override
  public Optional<ResourceRecord> find(ResourceKey key) {
    return store.find(key);
  }

  @Override
  public List<ResourceRecord> list() {
    return store.list();
  }

  @Override
  public ResourceRecord create(ResourceKey key, String lifecycle, Optional<Spec> spec, String reason) {
    return write("create " + key, () -> store.create(key, lifecycle, spec, reason));
  }

  @Override
  public ResourceRecord transition(ResourceKey key, String state, String reason) {
    return write("move " + key + " to " + state, () -> store.transition(key, state, reason));
  }

  @Override
  public ResourceRecord updateAttributes(ResourceKey key, Map<String, String> attributes) {
    return write("update the attributes of " + key, () -> store.updateAttributes(key, attributes));
  }

  @Override
  public ResourceRecord updateSpec(ResourceKey key, Spec spec) {
    return write("update the spec of " + key, () -> store.updateSpec(key, spec));
  }

  @Override
  public ResourceRecord recordFailure(ResourceKey key, String errorType, String errorMessage) {
    return write("record a failure of " + key, () -> store.recordFailure(key, errorType, errorMessage));
  }

  @Override
  public ResourceRecord resetFailures(ResourceKey key) {
    return write("reset the failures of " + key, () -> store.resetFailures(key));
  }

  @Override
  public ResourceRecord checkpoint(ResourceKey key, String stage) {
    return write("checkpoint " + key, () -> store.checkpoint(key, stage));
  }

  @Override
  public ResourceRecord checkpoint(ResourceKey key, String stage, String state, String reason) {
    return write("checkpoint " + key, () -> store.checkpoint(key, stage, state, reason));
  }

  @Override
  public List<Transition> history(ResourceKey key) {
    return store.history(key);
  }

  @Override
  public boolean delete(ResourceKey key) {
    return write("delete " + key, () -> store.delete(key));
  }

  @Override
  public List<ResourceChange> observe(List<Sighting> sightings) {
    return write("record " + sightings.size() + " sightings", () -> store.observe(sightings));
  }

  @Override
  public List<ResourceChange> changes(ChangeQuery query) {
    return store.changes(query);
  }

  @Override
  public String lineage() {
    return store.lineage();
  }

  @Override
  public long serial() {
    return store.serial();
  }

  @Override
  public void exportState(OutputStream out) throws IOException {
    store.exportState(out);
  }

  @Override
  public void importState(InputStream in, boolean force) throws IOException {
    Fencing.require(election, "import a state");
    store.importState(in, force);
  }

  /** The view owns nothing: the store stays open. */
  @Override
  public void close() {}
}
