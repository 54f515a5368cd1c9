package dev.steward.store.postgres.internal;

import dev.steward.StewardVersion;
import dev.steward.migration.UnsupportedSchemaVersionException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's tables and their migrations. The version lives in one row of {@code
 * PREFIXschema_version}; each step takes it from {@code n} to {@code n + 1}, in the same
 * transaction as the step's DDL (PostgreSQL's DDL is transactional). The whole upgrade runs under
 * {@code pg_advisory_xact_lock} on a key made from the tables' name, so two instances starting at
 * once migrate one after the other, and the second finds nothing left to do. A schema newer than
 * this Steward knows is refused before anything is created or changed. Stateless.
 */
final class Schema {
  private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

  /** The advisory lock's first key: "Stew". The second is a hash of the version table's name. */
  private static final int LOCK_CLASS = 0x53746577;

  /** One step: from {@code from} to {@code from + 1}. */
  private record Step(int from, String description, List<String> statements) {}

  private Schema() {}

  /** The steps, in order; the current version is their number. */
  private static List<Step> steps(Tables t) {
    return List.of(
        new Step(0, "create the record table", List.of(
            "CREATE TABLE " + t.record() + " ("
                + "key text PRIMARY KEY, "
                + "kind text NOT NULL, "
                + "version bigint NOT NULL CHECK (version >= 1), "
                + "record jsonb NOT NULL, "
                + "history jsonb NOT NULL, "
                + "changes jsonb NOT NULL, "
                // The ids of the last writes, newest first: how a write whose commit went unanswered is found.
                + "writes uuid[] NOT NULL, "
                + "updated_at timestamptz NOT NULL DEFAULT now())",
            "CREATE INDEX " + t.local("record_kind") + " ON " + t.record() + " (kind)")),
        new Step(1, "create the leader table and stamp records with their writer's term", List.of(
            // Terms only grow; since and expires_at come from the server's clock alone (now()).
            "CREATE TABLE " + t.leader() + " ("
                + "name text PRIMARY KEY, "
                + "holder text NOT NULL, "
                + "term bigint NOT NULL CHECK (term >= 0), "
                + "since timestamptz NOT NULL, "
                + "expires_at timestamptz NOT NULL)",
            // The term of the fenced write that last changed the row; null for an unfenced one.
            "ALTER TABLE " + t.record() + " ADD COLUMN written_term bigint")),
        new Step(2, "a lineage and a serial, as the file store keeps them, so the whole state can be exported and imported",
            StateTransfer.schema(t)));
  }

  /** The schema version this Steward writes. */
  static int current(Tables tables) {
    return steps(tables).size();
  }

  /**
   * Brings the tables to the current version on {@code connection} (autocommit off), creating them
   * when there are none; commits.
   *
   * @throws UnsupportedSchemaVersionException when they are newer; nothing was changed
   */
  static void migrate(Connection connection, Tables tables) throws SQLException {
    List<Step> steps = steps(tables);
    try {
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
        lock.setInt(1, LOCK_CLASS);
        lock.setString(2, tables.schemaVersion());
        lock.execute();
      }
      OptionalInt found = version(connection, tables);
      int version = found.orElse(0);
      if (version > steps.size()) {
        throw new UnsupportedSchemaVersionException("postgres store's schema (" + tables.describe() + ")", version, steps.size(),
            writtenBy(connection, tables), StewardVersion.current());
      }
      if (version == steps.size()) {
        connection.commit();
        return;
      }
      try (Statement s = connection.createStatement()) {
        if (found.isEmpty()) {
          if (tables.schema().isPresent()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS \"" + tables.schema().get() + "\"");
          }
          s.execute("CREATE TABLE " + tables.schemaVersion()
              + " (version integer NOT NULL, written_by text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
          s.execute("INSERT INTO " + tables.schemaVersion() + " (version, written_by) VALUES (0, '')");
        }
        for (Step step : steps.subList(version, steps.size())) {
          for (String sql : step.statements()) {
            s.execute(sql);
          }
          try (PreparedStatement update = connection.prepareStatement(
              "UPDATE " + tables.schemaVersion() + " SET version = ?, written_by = ?, applied_at = now()")) {
            update.setInt(1, step.from() + 1);
            update.setString(2, StewardVersion.current());
            update.executeUpdate();
          }
          LOG.info("Migrated {} from schema version {} to {}: {}", tables.describe(), step.from(), step.from() + 1, step.description());
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  /** The version row's version, or empty when there is no version table. */
  private static OptionalInt version(Connection connection, Tables tables) throws SQLException {
    try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      exists.setString(1, tables.schemaVersion());
      try (ResultSet rs = exists.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return OptionalInt.empty();
        }
      }
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(version) FROM " + tables.schemaVersion())) {
      rs.next();
      return OptionalInt.of(rs.getInt(1));
    }
  }

  private static Optional<String> writtenBy(Connection connection, Tables tables) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT written_by FROM " + tables.schemaVersion() + " ORDER BY version DESC LIMIT 1")) {
      return rs.next() && !rs.getString(1).isBlank() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }
}
