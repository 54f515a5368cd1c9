package dev.steward.store.postgres.internal;

import dev.steward.Lifecycles;
import dev.steward.ResourceKey;
import dev.steward.internal.store.file.StateExchange;
import dev.steward.internal.store.file.StoredEntry;
import dev.steward.store.postgres.internal.Transactions.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole state at once for the postgres store: its lineage and serial, export and import, in
 * the file store's document ({@link StateExchange}), so state moves between the two stores.
 *
 * <p>The serial means what the file store's means: it grows with every committed change. It is not
 * a counter row bumped by every write, whose lock, held to commit, makes every writer wait for the
 * one before: with pgbench, 8 clients updating random rows of 100,000 on the lab's PostgreSQL 15
 * (2 cores, fsync off) made 24,800 commits a second, 6,500 with a counter row updated in the same
 * transaction, and 24,300 with a sequence value stamped on the row (with fsync on, the counter row
 * also makes each commit wait for the one before it to reach the disk). So a trigger stamps each
 * written row from a sequence, which writers take from without waiting; a deletion raises the meta
 * row's serial (deletions alone wait for each other); and the serial is the larger of the meta
 * row's and the rows' largest stamp. It may skip numbers. A sequence hands out numbers before commit, so a writer could commit a
 * smaller stamp after a larger one; export and import therefore lock the record table (export SHARE,
 * import EXCLUSIVE: no writer runs meanwhile, readers do), so what they see is a moment at which every stamp handed out
 * has committed or is gone, and every later write takes a larger one. Thread-safe.
 */
final class StateTransfer {
  private static final Logger LOG = LoggerFactory.getLogger(StateTransfer.class);

  /** Set for the import's transaction only: the triggers then leave the serial to the import. */
  private static final String IMPORTING = "steward.importing";

  private final Transactions transactions;
  private final Tables tables;
  private final Lifecycles lifecycles;

  StateTransfer(Transactions transactions, Tables tables, Lifecycles lifecycles) {
    this.transactions = transactions;
    this.tables = tables;
    this.lifecycles = lifecycles;
  }

  /** Schema step 1 to 2: the meta row, the serial sequence, the serial column and its triggers. */
  static List<String> schema(Tables t) {
    String sequence = "'" + t.serialSequence() + "'";
    String importing = "current_setting('" + IMPORTING + "', true) = 'on'";
    return List.of(
        "CREATE TABLE " + t.meta() + " (id integer PRIMARY KEY CHECK (id = 1), lineage text NOT NULL, "
            + "serial bigint NOT NULL CHECK (serial >= 0))",
        "INSERT INTO " + t.meta() + " (id, lineage, serial) VALUES (1, md5(random()::text || clock_timestamp()::text)::uuid::text, 0)",
        "ALTER TABLE " + t.record() + " ADD COLUMN serial bigint NOT NULL DEFAULT 0",
        "CREATE SEQUENCE " + t.serialSequence() + " OWNED BY " + t.record() + ".serial",
        "CREATE INDEX " + t.local("record_serial") + " ON " + t.record() + " (serial)",
        "CREATE FUNCTION " + t.function("stamp_serial") + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            + "NEW.serial := CASE WHEN " + importing + " THEN 0 ELSE nextval(" + sequence + ") END; RETURN NEW; END $$",
        "CREATE TRIGGER " + t.local("stamp_serial") + " BEFORE INSERT OR UPDATE ON " + t.record()
            + " FOR EACH ROW EXECUTE FUNCTION " + t.function("stamp_serial") + "()",
        "CREATE FUNCTION " + t.function("count_deletion") + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            + "IF (" + importing + ") IS NOT TRUE THEN UPDATE " + t.meta() + " SET serial = greatest(serial, nextval(" + sequence
            + ")); END IF; RETURN NULL; END $$",
        "CREATE TRIGGER " + t.local("count_deletion") + " AFTER DELETE ON " + t.record()
            + " FOR EACH ROW EXECUTE FUNCTION " + t.function("count_deletion") + "()");
  }

  String lineage() {
    return transactions.run("read the lineage", tx -> current(tx, false).lineage());
  }

  /** Read without the lock, unlike an export's: a write committing meanwhile may or may not be counted yet. */
  long serial() {
    return transactions.run("read the serial", tx -> current(tx, false).serial());
  }

  /** Writes one consistent moment of the state to {@code out}. */
  void exportTo(OutputStream out) throws IOException {
    StateExchange.Contents contents = transactions.run("export the state", tx -> {
      lock(tx, "SHARE");
      StateExchange.Current current = current(tx, false);
      return new StateExchange.Contents(current.lineage(), current.serial(), entries(tx));
    });
    StateExchange.write(contents.lineage(), contents.serial(), contents.entries(), out);
  }

  /** Replaces every record with the document's in one transaction, by {@link StateExchange#importedSerial}'s rule. */
  void importFrom(InputStream in, boolean force) throws IOException {
    StateExchange.Contents document = StateExchange.read(in, lifecycles);
    transactions.run("import a state", tx -> {
      try (PreparedStatement s = tx.connection.prepareStatement("SELECT set_config(?, 'on', true)")) {
        s.setString(1, IMPORTING);
        s.execute();
      }
      lock(tx, "EXCLUSIVE");
      StateExchange.Current current = current(tx, true);
      SortedMap<ResourceKey, StoredEntry> before = entries(tx);
      OptionalLong serial = StateExchange.importedSerial(current, document, document.entries().equals(before), force);
      if (serial.isEmpty()) {
        LOG.info("The imported state equals the state in {} (serial {}); nothing to do", tables.describe(), current.serial());
        return null;
      }
      try (Statement s = tx.connection.createStatement()) {
        s.executeUpdate("DELETE FROM " + tables.record());
      }
      insert(tx, document.entries());
      try (PreparedStatement s = tx.connection.prepareStatement("UPDATE " + tables.meta() + " SET lineage = ?, serial = ?")) {
        s.setString(1, document.lineage());
        s.setLong(2, serial.getAsLong());
        s.executeUpdate();
      }
      // Never lowered: a sequence is not rolled back, and a later write must number above every serial this state had.
      try (PreparedStatement s = tx.connection.prepareStatement("SELECT setval(?::regclass, greatest(?, (SELECT last_value FROM "
          + tables.serialSequence() + ")))")) {
        s.setString(1, tables.serialSequence());
        s.setLong(2, serial.getAsLong());
        s.execute();
      }
      document.entries().keySet().stream().findFirst()
          .ifPresent(key -> tx.wrote(key, before.containsKey(key) ? before.get(key).record().version() : 0));
      LOG.info("Imported {} records into {} (lineage {}, serial {})", document.entries().size(), tables.describe(),
          document.lineage(), serial.getAsLong());
      return null;
    });
  }

  private void lock(Tx tx, String mode) throws SQLException {
    try (Statement s = tx.connection.createStatement()) {
      s.execute("LOCK TABLE " + tables.record() + " IN " + mode + " MODE");
    }
  }

  /** The lineage and serial now (the meta row locked with {@code forUpdate}) and whether there are records. */
  private StateExchange.Current current(Tx tx, boolean forUpdate) throws SQLException {
    try (Statement s = tx.connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT m.lineage, greatest(m.serial, coalesce((SELECT max(serial) FROM " + tables.record()
            + "), 0)), NOT EXISTS (SELECT 1 FROM " + tables.record() + ") FROM " + tables.meta() + " m"
            + (forUpdate ? " FOR UPDATE OF m" : ""))) {
      rs.next();
      return new StateExchange.Current("the postgres store (" + tables.describe() + ")", rs.getString(1), rs.getLong(2),
          rs.getBoolean(3));
    }
  }

  private SortedMap<ResourceKey, StoredEntry> entries(Tx tx) throws SQLException {
    SortedMap<ResourceKey, StoredEntry> entries = new TreeMap<>();
    try (Statement s = tx.connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT key, version, record, history, changes FROM " + tables.record())) {
      while (rs.next()) {
        ResourceKey key = ResourceKey.parse(rs.getString(1));
        entries.put(key, new StoredEntry(RecordJson.record(key, rs.getLong(2), rs.getString(3)), RecordJson.history(rs.getString(4)),
            RecordJson.changes(key, rs.getString(5))));
      }
    }
    return entries;
  }

  private void insert(Tx tx, Map<ResourceKey, StoredEntry> entries) throws SQLException {
    try (PreparedStatement s = tx.connection.prepareStatement("INSERT INTO " + tables.record()
        + " (key, kind, version, record, history, changes, writes) VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ARRAY[?::uuid])")) {
      int batched = 0;
      for (StoredEntry entry : entries.values()) {
        s.setString(1, entry.record().key().toString());
        s.setString(2, entry.record().key().kind());
        s.setLong(3, entry.record().version());
        s.setString(4, RecordJson.record(entry.record()));
        s.setString(5, RecordJson.history(entry.history()));
        s.setString(6, RecordJson.changes(entry.changes()));
        s.setObject(7, tx.writeId);
        s.addBatch();
        if (++batched % 500 == 0) {
          s.executeBatch();
        }
      }
      s.executeBatch();
    }
  }
}
