package dev.steward.store.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;

/**
 * At most {@code max} sessions, kept open between transactions and handed to one thread at a time.
 * A session that failed is discarded, and the next borrower opens a new one: that is how the store
 * reconnects. Not a general pool: no validation query, no lifetime; the store's transactions are
 * short and every failure discards. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
  private final ConnectionFactory factory;
  private final Semaphore permits;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  ConnectionPool(ConnectionFactory factory, int max) {
    this.factory = factory;
    this.permits = new Semaphore(max, true);
  }

  /**
   * An open session, idle or new; waits while {@code max} are borrowed.
   *
   * @throws SQLException when a new session cannot be opened
   */
  Connection borrow() throws SQLException {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a connection", "08000", e);
    }
    Connection connection;
    synchronized (this) {
      if (closed) {
        permits.release();
        throw new IllegalStateException("The postgres store is closed");
      }
      connection = idle.pollFirst();
    }
    if (connection != null) {
      return connection;
    }
    try {
      return factory.open();
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /** Gives back a healthy session, between transactions. */
  void release(Connection connection) {
    boolean keep;
    synchronized (this) {
      keep = !closed;
      if (keep) {
        idle.addFirst(connection);
      }
    }
    if (!keep) {
      closeQuietly(connection);
    }
    permits.release();
  }

  /** Closes a session that failed or whose state is unknown. */
  void discard(Connection connection) {
    closeQuietly(connection);
    permits.release();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      idle.forEach(ConnectionPool::closeQuietly);
      idle.clear();
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing a broken session: nothing more to learn from it.
    }
  }
}
