package dev.steward.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The baseline: SQLite (through sqlite-jdbc) in WAL mode with {@code synchronous=FULL}, one
 * single-row UPDATE per transaction (autocommit) on a table of {@code rows} rows, one writer. Open
 * once, measured in several slices, so its rounds can alternate with another store's on the same
 * disk. Not thread-safe.
 */
final class SqliteProbe implements AutoCloseable {
  private final Connection connection;
  private final PreparedStatement update;
  private final String version;
  private final int rows;
  private int step;

  private SqliteProbe(Connection connection, PreparedStatement update, String version, int rows) {
    this.connection = connection;
    this.update = update;
    this.version = version;
    this.rows = rows;
  }

  /** Creates {@code dir/bench.db} afresh with {@code rows} rows. */
  static SqliteProbe open(Path dir, int rows) throws Exception {
    Files.createDirectories(dir);
    Path db = dir.resolve("bench.db");
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(Path.of(db + suffix));
    }
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
    try {
      String version;
      try (Statement s = connection.createStatement()) {
        expect(s, "PRAGMA journal_mode=WAL", "wal");
        s.execute("PRAGMA synchronous=FULL");
        expect(s, "PRAGMA synchronous", "2");
        try (ResultSet rs = s.executeQuery("select sqlite_version()")) {
          rs.next();
          version = rs.getString(1);
        }
        // A row about the size of a store record: a key, a state, a reason, a timestamp and a document.
        s.execute("CREATE TABLE resource (id INTEGER PRIMARY KEY, name TEXT NOT NULL, state TEXT NOT NULL,"
            + " reason TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL)");
      }
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO resource (id, name, state, reason, updated_at, version, doc) VALUES (?, ?, 'RUNNING', 'started', ?, 1, ?)")) {
        String doc = "x".repeat(400);
        for (int i = 0; i < rows; i++) {
          insert.setInt(1, i);
          insert.setString(2, String.format("node-%06d", i));
          insert.setString(3, java.time.Instant.now().toString());
          insert.setString(4, doc);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
      connection.setAutoCommit(true);
      PreparedStatement update = connection.prepareStatement(
          "UPDATE resource SET state = ?, reason = ?, updated_at = ?, version = version + 1 WHERE id = ?");
      return new SqliteProbe(connection, update, version, rows);
    } catch (Exception e) {
      connection.close();
      throw e;
    }
  }

  String version() {
    return version;
  }

  /** Commits one update per transaction for {@code duration}, adding each latency; returns commits per second. */
  double measure(Duration duration, Latencies latencies) throws SQLException {
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    long now = start;
    int before = latencies.count();
    while (now < deadline) {
      int i = step++;
      update.setString(1, (i / rows) % 2 == 0 ? "UPGRADING" : "RUNNING");
      update.setString(2, "benchmark step " + i);
      update.setString(3, java.time.Instant.now().toString());
      update.setInt(4, i % rows);
      update.executeUpdate();
      long after = System.nanoTime();
      latencies.add(after - now);
      now = after;
    }
    return (latencies.count() - before) / ((now - start) / 1e9);
  }

  @Override
  public void close() throws SQLException {
    try {
      update.close();
    } finally {
      connection.close();
    }
  }

  private static void expect(Statement s, String sql, String expected) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      String got = rs.getString(1);
      if (!expected.equalsIgnoreCase(got)) {
        throw new SQLException(sql + " answered '" + got + "', expected '" + expected + "'");
      }
    }
  }
}
