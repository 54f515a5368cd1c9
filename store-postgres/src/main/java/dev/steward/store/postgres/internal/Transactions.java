package dev.steward.store.postgres.internal;

import dev.steward.ResourceKey;
import dev.steward.store.postgres.PostgresStoreException;
import dev.steward.store.postgres.PostgresStoreSettings;
import dev.steward.store.postgres.StatementTimeoutException;
import dev.steward.store.postgres.WriteOutcomeUnknownException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each store operation as one transaction and retries it from the start when that is safe:
 * after a lost version race ({@link Conflict}), a serialization failure or deadlock, and a session
 * that died before the commit was sent (a new session is opened: the reconnect). When the session
 * dies while the commit is in flight the outcome is unknown; the records written are re-read on a
 * new session, and the write counts as done when its id is among the rows' last writes, is retried
 * when the rows are as before, and is reported as {@link WriteOutcomeUnknownException} otherwise, so
 * a change is never applied twice. Every other failure becomes a {@link PostgresStoreException}
 * whose message never holds the password. Thread-safe.
 */
final class Transactions {
  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

  /** Lost races in a row before giving up: only a pathological hot spot gets near it. */
  private static final int MAX_CONFLICTS = 1_000;
  /** Sessions lost in a row that are always tried again, however short the reconnect window. */
  private static final int MIN_RECONNECTS = 3;

  /** The work of one transaction; it may run several times, so it must only read and write through {@code tx}. */
  interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  /** A lost race: the row changed since it was read. Thrown by the work; the transaction is retried. */
  static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Conflict() {
      super("the row changed since it was read", null, false, false);
    }
  }

  /** One attempt's session and what it wrote, by key, with each row's version before (0: there was none). */
  static final class Tx {
    final Connection connection;
    final UUID writeId = UUID.randomUUID();
    private final Map<ResourceKey, Long> written = new LinkedHashMap<>();
    private final Map<ResourceKey, Long> deleted = new LinkedHashMap<>();

    /** The term this attempt's writes are stamped with: set by the fence check ({@link TermFence}). */
    private OptionalLong term = OptionalLong.empty();

    Tx(Connection connection) {
      this.connection = connection;
    }

    void fencedWith(long checkedTerm) {
      term = OptionalLong.of(checkedTerm);
    }

    OptionalLong term() {
      return term;
    }

    void wrote(ResourceKey key, long versionBefore) {
      written.put(key, versionBefore);
    }

    void deleted(ResourceKey key, long versionBefore) {
      deleted.put(key, versionBefore);
    }

    boolean writes() {
      return !written.isEmpty() || !deleted.isEmpty();
    }
  }

  private enum Landed { YES, NO, UNKNOWN }

  private final ConnectionPool pool;
  private final ConnectionFactory factory;
  private final Tables tables;
  private final Duration reconnectFor;

  /**
   * @param reconnectFor how long an operation keeps trying to get a session back after losing one
   *     (a server restarting, a failover), after which it fails
   */
  Transactions(ConnectionPool pool, ConnectionFactory factory, Tables tables, Duration reconnectFor) {
    this.pool = pool;
    this.factory = factory;
    this.tables = tables;
    this.reconnectFor = reconnectFor;
  }

  /** Counts lost sessions and says whether to try once more: at least {@link #MIN_RECONNECTS} times, then within {@code reconnectFor}. */
  private final class Reconnects {
    private int count;
    private long deadline;

    boolean another() {
      count++;
      if (count == 1) {
        deadline = System.nanoTime() + reconnectFor.toNanos();
      }
      return count <= MIN_RECONNECTS || System.nanoTime() < deadline;
    }

    long pause() {
      return 100L << Math.min(count - 1, 4);
    }
  }

  /**
   * Runs {@code work} in a transaction until it commits.
   *
   * @param what what the store is doing, for messages: "update the attributes of node/web-1@local"
   */
  <T> T run(String what, Work<T> work) {
    int conflicts = 0;
    Reconnects reconnects = new Reconnects();
    while (true) {
      Connection connection;
      try {
        connection = pool.borrow();
      } catch (SQLException e) {
        // 08004: the server turned the session down (no TLS where it was required, say): asking again changes nothing.
        if (!isConnectionLoss(e) || "08004".equals(e.getSQLState()) || !reconnects.another()) {
          throw translate(what, e);
        }
        sleep(reconnects.pause());
        continue;
      }
      boolean committed = false;
      boolean discarded = false;
      long backoff = 0;
      Tx tx = new Tx(connection);
      try {
        T value = work.run(tx);
        try {
          connection.commit();
          committed = true;
          return value;
        } catch (SQLException e) {
          if (!isConnectionLoss(e) || !tx.writes()) {
            throw e;
          }
          // Given back first: finding out may need a session, and this was perhaps the last.
          pool.discard(connection);
          discarded = true;
          if (landed(what, tx, e) == Landed.YES) {
            return value;
          }
          LOG.warn("The connection to {} died while committing to {}; the write did not land, so it is done again", factory.describe(),
              what);
        }
      } catch (Conflict e) {
        if (++conflicts > MAX_CONFLICTS) {
          throw new PostgresStoreException("The postgres store gave up trying to " + what + ": the record changed under it "
              + MAX_CONFLICTS + " times in a row", "", null);
        }
        backoff = conflictPause(conflicts);
      } catch (SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (isConnectionLoss(e)) {
          if (!reconnects.another()) {
            throw translate(what, e);
          }
          LOG.warn("The connection to {} was lost while trying to {} ({}); reconnecting", factory.describe(), what,
              factory.scrub(e.getMessage()));
          backoff = reconnects.pause();
        } else if (state.equals("40001") || state.equals("40P01")) {
          if (++conflicts > MAX_CONFLICTS) {
            throw translate(what, e);
          }
          backoff = conflictPause(conflicts);
        } else {
          throw translate(what, e);
        }
      } finally {
        // Whatever did not commit (a refused transition, a missing record, a lost race) is rolled back;
        // a session that cannot even do that is broken and goes.
        if (!discarded) {
          if (committed || rollback(connection)) {
            pool.release(connection);
          } else {
            pool.discard(connection);
          }
        }
      }
      sleep(backoff);
    }
  }

  /** Rolls back; false when the session is broken. */
  private static boolean rollback(Connection connection) {
    try {
      if (connection.isClosed()) {
        return false;
      }
      connection.rollback();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Whether {@code tx}'s write landed, read on a new session. */
  private Landed landed(String what, Tx tx, SQLException cause) {
    List<ResourceKey> keys = new ArrayList<>(tx.written.keySet());
    keys.addAll(tx.deleted.keySet());
    Reconnects reconnects = new Reconnects();
    while (reconnects.another()) {
      sleep(reconnects.pause());
      Connection connection;
      try {
        connection = pool.borrow();
      } catch (SQLException e) {
        continue;
      }
      boolean healthy = false;
      try {
        Landed landed = check(connection, tx);
        connection.rollback();
        healthy = true;
        if (landed == Landed.UNKNOWN) {
          throw new WriteOutcomeUnknownException("The connection to " + factory.describe() + " died while the postgres store committed, to "
              + what + ", and the records were changed by someone else since, so whether this write landed is unknown: "
              + "read them before you do it again", keys, safeCause(cause));
        }
        return landed;
      } catch (SQLException e) {
        // The server is still away: try again after a pause.
      } finally {
        if (healthy) {
          pool.release(connection);
        } else {
          pool.discard(connection);
        }
      }
    }
    throw new WriteOutcomeUnknownException("The connection to " + factory.describe() + " died while the postgres store committed, to "
        + what + ", and the server could not be reached again to tell whether the write landed: read the records before you do it again",
        keys, safeCause(cause));
  }

  /** One row tells: a transaction lands whole or not at all. */
  private Landed check(Connection connection, Tx tx) throws SQLException {
    if (!tx.written.isEmpty()) {
      Map.Entry<ResourceKey, Long> first = tx.written.entrySet().iterator().next();
      try (PreparedStatement s = connection.prepareStatement(
          "SELECT version, ?::uuid = ANY(writes) FROM " + tables.record() + " WHERE key = ?")) {
        s.setObject(1, tx.writeId);
        s.setString(2, first.getKey().toString());
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            return first.getValue() == 0 ? Landed.NO : Landed.UNKNOWN;
          }
          if (rs.getBoolean(2)) {
            return Landed.YES;
          }
          return rs.getLong(1) == first.getValue() ? Landed.NO : Landed.UNKNOWN;
        }
      }
    }
    Map.Entry<ResourceKey, Long> first = tx.deleted.entrySet().iterator().next();
    try (PreparedStatement s = connection.prepareStatement("SELECT version FROM " + tables.record() + " WHERE key = ?")) {
      s.setString(1, first.getKey().toString());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Landed.YES;
        }
        return rs.getLong(1) == first.getValue() ? Landed.NO : Landed.UNKNOWN;
      }
    }
  }

  /** The session is gone (class 08, the server shutting down or the backend terminated), not the statement. */
  static boolean isConnectionLoss(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return state.startsWith("08") || state.startsWith("57P") || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException;
  }

  /** A store exception for {@code e}, saying what failed and what to do, the password taken out. */
  PostgresStoreException translate(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String said = factory.scrub(e.getMessage());
    Throwable cause = safeCause(e);
    if (state.equals("57014")) {
      return new StatementTimeoutException("The server cancelled the postgres store's statement to " + what + " after "
          + factory.statementTimeout().toMillis() + " ms (" + PostgresStoreSettings.STATEMENT_TIMEOUT.name()
          + "), most likely waiting for a lock another session holds; nothing was written. Look for the blocking session in "
          + "pg_stat_activity, or raise the timeout", factory.statementTimeout(), cause);
    }
    if (state.startsWith("28")) {
      return new PostgresStoreException("The postgres store cannot log in to " + factory.describe() + ": " + said + " (SQLSTATE " + state
          + "). Check " + PostgresStoreSettings.USER.name() + " and the password in " + PostgresStoreSettings.PASSWORD_FILE.name()
          + " or the variable " + PostgresStoreSettings.PASSWORD_ENV.name() + " names", state, cause);
    }
    if (isConnectionLoss(e)) {
      return new PostgresStoreException("The postgres store cannot reach " + factory.describe() + " to " + what + ": " + said
          + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")") + ". Nothing was written; check that the server runs and answers", state, cause);
    }
    return new PostgresStoreException("The postgres store failed to " + what + " in " + factory.describe() + ": " + said
        + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"), state, cause);
  }

  /** {@code e} as a cause, unless some message in its chain holds the password. */
  private Throwable safeCause(Throwable e) {
    return factory.safeCause(e);
  }

  /** A short random pause, longer after each lost race, so racing writers spread out. */
  private static long conflictPause(int conflicts) {
    return ThreadLocalRandom.current().nextLong(Math.min(conflicts, 20) + 1);
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PostgresStoreException("Interrupted while the postgres store waited to try again", "", e);
    }
  }
}
