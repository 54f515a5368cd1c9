package dev.steward.store.postgres.internal;

import dev.steward.ChangeQuery;
import dev.steward.Failures;
import dev.steward.Lifecycle;
import dev.steward.Lifecycles;
import dev.steward.RecordExistsException;
import dev.steward.RecordNotFoundException;
import dev.steward.ResourceChange;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Sighting;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.Transition;
import dev.steward.internal.store.Attributes;
import dev.steward.internal.store.ChangeFeed;
import dev.steward.leader.FenceableStore;
import dev.steward.leader.LeaderElection;
import dev.steward.store.postgres.PostgresStoreSettings;
import dev.steward.store.postgres.internal.Transactions.Conflict;
import dev.steward.store.postgres.internal.Transactions.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The {@code postgres} store: one row per record holding the record, its last transitions and its
 * kept changes as JSON, with a version column. Every method is one transaction (see {@link
 * Transactions}): it reads the row, decides in Java with the same rules as the memory store (the
 * lifecycle's checks, {@link ChangeFeed} for observations), and writes with {@code UPDATE ... WHERE
 * version = read version}; a row changed meanwhile makes the transaction start again. So two
 * writers, in one process or in several, never lose each other's updates. Thread-safe.
 */
final class PostgresStateStore implements FenceableStore {
  private final Transactions transactions;
  private final ConnectionPool pool;
  private final Tables tables;
  private final Clock clock;
  private final Lifecycles lifecycles;
  private final int historyLimit;
  private final ChangeFeed feed;
  /** Present in a view made by {@link #fencedBy}: every write checks the term first. */
  private final Optional<TermFence> fence;
  /** False for a fenced view, which shares its store's sessions and so closes nothing. */
  private final boolean owner;
  private final StateTransfer transfer;

  /** One row as read: the record, and its history and changes still as JSON until needed. */
  private record Row(ResourceRecord record, String history, String changes) {
    List<Transition> transitions() {
      return RecordJson.history(history);
    }

    List<ResourceChange> keptChanges() {
      return RecordJson.changes(record.key(), changes);
    }
  }

  PostgresStateStore(Transactions transactions, ConnectionPool pool, Tables tables, Clock clock, Lifecycles lifecycles,
      int historyLimit, ChangeFeed feed) {
    this.transactions = transactions;
    this.pool = pool;
    this.tables = tables;
    this.clock = clock;
    this.lifecycles = lifecycles;
    this.historyLimit = historyLimit;
    this.feed = feed;
    this.transfer = new StateTransfer(transactions, tables, lifecycles);
    this.fence = Optional.empty();
    this.owner = true;
  }

  /** A view of {@code store} whose writes {@code fence} checks. */
  private PostgresStateStore(PostgresStateStore store, TermFence fence) {
    this.transactions = store.transactions;
    this.pool = store.pool;
    this.tables = store.tables;
    this.clock = store.clock;
    this.lifecycles = store.lifecycles;
    this.historyLimit = store.historyLimit;
    this.feed = store.feed;
    this.fence = Optional.of(fence);
    this.owner = false;
    this.transfer = store.transfer;
  }

  @Override
  public Optional<ResourceRecord> find(ResourceKey key) {
    ResourceKey k = requireKey(key);
    return transactions.run("read " + k, tx -> read(tx, k).map(Row::record));
  }

  @Override
  public List<ResourceRecord> list() {
    return transactions.run("list the records", tx -> {
      List<ResourceRecord> records = new ArrayList<>();
      try (PreparedStatement s = tx.connection.prepareStatement("SELECT key, version, record FROM " + tables.record())) {
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            records.add(RecordJson.record(ResourceKey.parse(rs.getString(1)), rs.getLong(2), rs.getString(3)));
          }
        }
      }
      records.sort(Comparator.comparing(ResourceRecord::key));
      return List.copyOf(records);
    });
  }

  @Override
  public ResourceRecord create(ResourceKey key, String lifecycle, Optional<Spec> spec, String reason) {
    ResourceKey k = requireKey(key);
    Lifecycle table = lifecycles.get(lifecycle);
    return write("create " + k, tx -> {
      Instant now = clock.instant();
      ResourceRecord record = new ResourceRecord(k, table.name(), table.initialState(), reason, spec, Map.of(), now, now,
          Failures.none(), 1);
      List<Transition> history = List.of(new Transition(Optional.empty(), record.state(), reason, now));
      if (insert(tx, record, history, List.of())) {
        return record;
      }
      Optional<Row> existing = read(tx, k);
      if (existing.isEmpty()) {
        throw new Conflict(); // it was deleted since the insert saw it
      }
      throw new RecordExistsException(existing.get().record());
    });
  }

  @Override
  public ResourceRecord transition(ResourceKey key, String state, String reason) {
    ResourceKey k = requireKey(key);
    return write("move " + k + " to " + state, tx -> {
      Row row = readOrThrow(tx, k);
      ResourceRecord current = row.record();
      lifecycles.get(current.lifecycle()).check(k, current.state(), state);
      if (current.state().equals(state) && current.reason().equals(reason)) {
        return current;
      }
      ResourceRecord next = current.withState(state, reason, clock.instant());
      List<Transition> moved = current.state().equals(state)
          ? List.of()
          : List.of(new Transition(Optional.of(current.state()), state, reason, next.updatedAt()));
      update(tx, row, next, moved, Optional.empty());
      return next;
    });
  }

  @Override
  public ResourceRecord updateAttributes(ResourceKey key, Map<String, String> attributes) {
    Map<String, String> given = Map.copyOf(attributes);
    return change(key, "update the attributes of ", r -> Attributes.merged(r, given, clock.instant()));
  }

  @Override
  public ResourceRecord updateSpec(ResourceKey key, Spec spec) {
    return change(key, "update the spec of ", r -> r.spec().equals(Optional.of(spec)) ? r : r.withSpec(spec, clock.instant()));
  }

  @Override
  public ResourceRecord recordFailure(ResourceKey key, String errorType, String errorMessage) {
    return change(key, "record a failure of ", r -> {
      Instant now = clock.instant();
      return r.withFailures(r.failures().plus(now, errorType, errorMessage), now);
    });
  }

  @Override
  public ResourceRecord resetFailures(ResourceKey key) {
    return change(key, "reset the failures of ", r -> r.failures().isFailing() ? r.withFailures(Failures.none(), clock.instant()) : r);
  }

  @Override
  public ResourceRecord checkpoint(ResourceKey key, String stage) {
    ResourceRecord.requireStageName(stage);
    return change(key, "checkpoint " + stage + " of ", r -> r.withCheckpoint(stage, clock.instant()));
  }

  /** Marks {@code stage} done and moves the record to {@code state} in one transaction. */
  @Override
  public ResourceRecord checkpoint(ResourceKey key, String stage, String state, String reason) {
    ResourceKey k = requireKey(key);
    ResourceRecord.requireStageName(stage);
    return write("checkpoint " + stage + " of " + k + " and move it to " + state, tx -> {
      Row row = readOrThrow(tx, k);
      ResourceRecord current = row.record();
      lifecycles.get(current.lifecycle()).check(k, current.state(), state);
      boolean marks = !current.isCheckpointed(stage);
      if (!marks && current.state().equals(state) && current.reason().equals(reason)) {
        return current;
      }
      Instant now = clock.instant();
      Map<String, Instant> checkpoints = current.checkpoints();
      if (marks) {
        checkpoints = new TreeMap<>(checkpoints);
        checkpoints.put(stage, now);
      }
      ResourceRecord next = new ResourceRecord(k, current.lifecycle(), state, reason, current.spec(), current.attributes(),
          current.createdAt(), now.isBefore(current.updatedAt()) ? current.updatedAt() : now, current.failures(), checkpoints,
          current.version() + 1);
      List<Transition> moved = current.state().equals(state)
          ? List.of()
          : List.of(new Transition(Optional.of(current.state()), state, reason, next.updatedAt()));
      update(tx, row, next, moved, Optional.empty());
      return next;
    });
  }

  @Override
  public List<Transition> history(ResourceKey key) {
    ResourceKey k = requireKey(key);
    return transactions.run("read the history of " + k, tx -> List.copyOf(readOrThrow(tx, k).transitions()));
  }

  @Override
  public boolean delete(ResourceKey key) {
    ResourceKey k = requireKey(key);
    return write("delete " + k, tx -> {
      try (PreparedStatement s = tx.connection.prepareStatement("DELETE FROM " + tables.record() + " WHERE key = ? RETURNING version")) {
        s.setString(1, k.toString());
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
          tx.deleted(k, rs.getLong(1));
          return true;
        }
      }
    });
  }

  @Override
  public List<ResourceChange> observe(List<Sighting> sightings) {
    List<Sighting> batch = List.copyOf(sightings);
    ChangeFeed.requireDistinct(batch);
    if (batch.isEmpty()) {
      return List.of();
    }
    return write("write an observation of " + batch.size() + " resource(s)", tx -> {
      Instant now = clock.instant();
      Map<ResourceKey, Row> rows = readAll(tx, batch.stream().map(Sighting::key).toList());
      // Every outcome first: a sighting that is refused leaves every record as it was.
      Map<ResourceKey, ChangeFeed.Outcome> outcomes = new TreeMap<>();
      List<ResourceChange> made = new ArrayList<>();
      for (Sighting sighting : batch) {
        Row row = rows.get(sighting.key());
        Optional<ChangeFeed.Outcome> outcome = feed.apply(row == null ? null : row.record(),
            row == null ? List.of() : row.keptChanges(), sighting, lifecycles, now);
        outcome.ifPresent(o -> {
          outcomes.put(sighting.key(), o);
          o.change().ifPresent(made::add);
        });
      }
      // Written in key order, so two batches over the same records cannot deadlock.
      for (Map.Entry<ResourceKey, ChangeFeed.Outcome> entry : outcomes.entrySet()) {
        Row row = rows.get(entry.getKey());
        ChangeFeed.Outcome outcome = entry.getValue();
        if (outcome.deletes()) {
          deleteVersion(tx, row.record());
        } else if (row == null) {
          if (!insert(tx, outcome.record(), outcome.transitions(), outcome.changes())) {
            throw new Conflict(); // made by another writer since it was read
          }
        } else {
          update(tx, row, outcome.record(), outcome.transitions(), Optional.of(outcome.changes()));
        }
      }
      return List.copyOf(made);
    });
  }

  @Override
  public List<ResourceChange> changes(ChangeQuery query) {
    return transactions.run("read the changes", tx -> {
      StringBuilder sql = new StringBuilder("SELECT key, changes FROM " + tables.record() + " WHERE changes <> '[]'::jsonb");
      List<String> parameters = new ArrayList<>();
      query.resource().ifPresent(key -> {
        sql.append(" AND key = ?");
        parameters.add(key.toString());
      });
      query.kind().ifPresent(kind -> {
        sql.append(" AND kind = ?");
        parameters.add(kind);
      });
      ChangeFeed.Collector collector = new ChangeFeed.Collector(feed, query, clock.instant());
      try (PreparedStatement s = tx.connection.prepareStatement(sql.toString())) {
        for (int i = 0; i < parameters.size(); i++) {
          s.setString(i + 1, parameters.get(i));
        }
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            collector.add(RecordJson.changes(ResourceKey.parse(rs.getString(1)), rs.getString(2)));
          }
        }
      }
      return collector.result();
    });
  }

  /**
   * A view whose every write first checks, in its own transaction, that the database still holds
   * the fence's term ({@link TermFence}), and stamps the record's {@code written_term} with it. The
   * term is looked up in this store's own leader table, whatever the election object: a process
   * that woke up with a term it remembers is refused as soon as a newer term is there, and an
   * election whose terms are not kept in this database (the {@code file} election) cannot write
   * at all. Closing the view closes nothing.
   *
   * @throws IllegalArgumentException for a postgres election on other tables than this store's
   */
  @Override
  public StateStore fencedBy(LeaderElection election) {
    if (election instanceof PostgresLeaderElection postgres && !postgres.tables().equals(tables)) {
      throw new IllegalArgumentException("The " + this + " can only be fenced by a postgres election on its own tables, not by the "
          + election + ": use the same " + PostgresStoreSettings.SCHEMA.name() + " and " + PostgresStoreSettings.TABLE_PREFIX.name());
    }
    return new PostgresStateStore(this, new TermFence(election, tables));
  }

  @Override
  public String lineage() {
    return transfer.lineage();
  }

  @Override
  public long serial() {
    return transfer.serial();
  }

  /** Writes the state as one document, read while no writer runs (see {@link StateTransfer}). */
  @Override
  public void exportState(OutputStream out) throws IOException {
    transfer.exportTo(out);
  }

  /** Replaces every record with the document's in one transaction; a refused or failed import changes nothing. */
  @Override
  public void importState(InputStream in, boolean force) throws IOException {
    transfer.importFrom(in, force);
  }

  @Override
  public void close() {
    if (owner) {
      pool.close();
    }
  }

  @Override
  public String toString() {
    return "postgres store (" + tables.describe() + ")";
  }

  /**
   * Runs a write in a transaction; a fenced view refuses it at once when its election's fence is
   * gone, and checks the term again at the start of every attempt.
   */
  private <T> T write(String what, Transactions.Work<T> work) {
    if (fence.isEmpty()) {
      return transactions.run(what, work);
    }
    TermFence termFence = fence.get();
    termFence.require(what);
    return transactions.run(what, tx -> {
      termFence.check(tx, what);
      return work.run(tx);
    });
  }

  /** Reads the record, changes it with {@code change} and writes it when it is another object. */
  private ResourceRecord change(ResourceKey key, String what, UnaryOperator<ResourceRecord> change) {
    ResourceKey k = requireKey(key);
    return write(what + k, tx -> {
      Row row = readOrThrow(tx, k);
      ResourceRecord next = change.apply(row.record());
      if (next == row.record()) {
        return next;
      }
      update(tx, row, next, List.of(), Optional.empty());
      return next;
    });
  }

  private Optional<Row> read(Tx tx, ResourceKey key) throws SQLException {
    try (PreparedStatement s = tx.connection.prepareStatement(
        "SELECT version, record, history, changes FROM " + tables.record() + " WHERE key = ?")) {
      s.setString(1, key.toString());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Row(RecordJson.record(key, rs.getLong(1), rs.getString(2)), rs.getString(3), rs.getString(4)));
      }
    }
  }

  private Row readOrThrow(Tx tx, ResourceKey key) throws SQLException {
    return read(tx, key).orElseThrow(() -> new RecordNotFoundException(key));
  }

  private Map<ResourceKey, Row> readAll(Tx tx, List<ResourceKey> keys) throws SQLException {
    Map<ResourceKey, Row> rows = new HashMap<>();
    try (PreparedStatement s = tx.connection.prepareStatement(
        "SELECT key, version, record, history, changes FROM " + tables.record() + " WHERE key = ANY(?)")) {
      s.setArray(1, tx.connection.createArrayOf("text", keys.stream().map(ResourceKey::toString).toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ResourceKey key = ResourceKey.parse(rs.getString(1));
          rows.put(key, new Row(RecordJson.record(key, rs.getLong(2), rs.getString(3)), rs.getString(4), rs.getString(5)));
        }
      }
    }
    return rows;
  }

  /** Inserts a new row; false when the key is taken. */
  private boolean insert(Tx tx, ResourceRecord record, List<Transition> history, List<ResourceChange> changes) throws SQLException {
    try (PreparedStatement s = tx.connection.prepareStatement("INSERT INTO " + tables.record()
        + " (key, kind, version, record, history, changes, writes, written_term) VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ARRAY[?::uuid], ?)"
        + " ON CONFLICT (key) DO NOTHING")) {
      s.setString(1, record.key().toString());
      s.setString(2, record.key().kind());
      s.setLong(3, record.version());
      s.setString(4, RecordJson.record(record));
      s.setString(5, RecordJson.history(bounded(history)));
      s.setString(6, RecordJson.changes(changes));
      s.setObject(7, tx.writeId);
      setTerm(s, 8, tx);
      if (s.executeUpdate() == 0) {
        return false;
      }
    }
    tx.wrote(record.key(), 0);
    return true;
  }

  /**
   * Writes {@code next} over {@code row} if the row is still at the version read, with {@code
   * moved} added to its history and its changes replaced when {@code changes} is given.
   *
   * @throws Conflict when another writer changed the row since
   */
  private void update(Tx tx, Row row, ResourceRecord next, List<Transition> moved, Optional<List<ResourceChange>> changes)
      throws SQLException {
    String history = row.history();
    if (!moved.isEmpty()) {
      List<Transition> longer = new ArrayList<>(row.transitions());
      longer.addAll(moved);
      history = RecordJson.history(bounded(longer));
    }
    try (PreparedStatement s = tx.connection.prepareStatement("UPDATE " + tables.record()
        + " SET version = ?, record = ?::jsonb, history = ?::jsonb, changes = ?::jsonb, writes = (?::uuid || writes)[1:8],"
        + " written_term = ?, updated_at = now() WHERE key = ? AND version = ?")) {
      s.setLong(1, next.version());
      s.setString(2, RecordJson.record(next));
      s.setString(3, history);
      s.setString(4, changes.map(RecordJson::changes).orElse(row.changes()));
      s.setObject(5, tx.writeId);
      setTerm(s, 6, tx);
      s.setString(7, next.key().toString());
      s.setLong(8, row.record().version());
      if (s.executeUpdate() == 0) {
        throw new Conflict();
      }
    }
    tx.wrote(next.key(), row.record().version());
  }

  /** Deletes the row if it is still at the version read; else {@link Conflict}. */
  private void deleteVersion(Tx tx, ResourceRecord record) throws SQLException {
    try (PreparedStatement s = tx.connection.prepareStatement("DELETE FROM " + tables.record() + " WHERE key = ? AND version = ?")) {
      s.setString(1, record.key().toString());
      s.setLong(2, record.version());
      if (s.executeUpdate() == 0) {
        throw new Conflict();
      }
    }
    tx.deleted(record.key(), record.version());
  }

  /** The term the write was fenced with, or null for an unfenced one. */
  private static void setTerm(PreparedStatement s, int index, Tx tx) throws SQLException {
    if (tx.term().isPresent()) {
      s.setLong(index, tx.term().getAsLong());
    } else {
      s.setNull(index, Types.BIGINT);
    }
  }

  /** The newest {@code historyLimit} transitions. */
  private List<Transition> bounded(List<Transition> history) {
    return history.size() <= historyLimit ? history : history.subList(history.size() - historyLimit, history.size());
  }

  private static ResourceKey requireKey(ResourceKey key) {
    return Objects.requireNonNull(key, "key");
  }
}
