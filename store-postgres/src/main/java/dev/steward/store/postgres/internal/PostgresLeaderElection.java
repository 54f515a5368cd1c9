package dev.steward.store.postgres.internal;

import dev.steward.leader.Fence;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderElectionException;
import dev.steward.leader.LeaderView;
import dev.steward.leader.Lease;
import dev.steward.store.postgres.PostgresStoreSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postgres} election: a row per election name in {@code PREFIXleader} (see {@link
 * LeaderTable}), taken only when its lease has run out by the server's clock, each take starting
 * the next term. The candidate believes it leads only until {@link LeaseDeadline} says, counted
 * from before it sent its last successful acquire or renewal, and stops at once when a renewal
 * finds the term gone or fails; so it stops before anyone else can take over. The postgres store
 * checks the term in every fenced write's own transaction ({@link TermFence}), which refuses the
 * late writes of a leader that was paused and does not know yet.
 *
 * <p>The election keeps one session of its own, in autocommit (a pool would put the renewals
 * behind the store's writes), opened on the first campaign, which also creates or migrates the
 * store's tables (the same migration, under the same advisory lock). A lost session is opened again
 * once within a campaign; when that fails too, the campaign throws. Its statements may take at most
 * the store's statement timeout or the lease, whichever is shorter, and a silent network at most two
 * seconds more. Thread-safe: campaigns and resignations run one at a time, {@link #fence()} never
 * waits for them.
 */
final class PostgresLeaderElection implements LeaderElection {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresLeaderElection.class);
  /** Beyond the statement timeout, how long a read may wait for a server that says nothing before the session is given up. */
  private static final Duration NETWORK_SLACK = Duration.ofSeconds(2);

  /** The term this candidate won and until which tick it believes it holds it. */
  private record Held(Fence fence, long until) {}

  /** A lease granted by a statement sent at tick {@code sentAt}. */
  private record Granted(Lease lease, long sentAt) {}

  /** One statement's work on the session. */
  private interface SessionWork<T> {
    T run(Connection session) throws SQLException;
  }

  private final ConnectionFactory factory;
  private final Tables tables;
  private final LeaderTable sql;
  private final String name;
  private final String candidate;
  private final Duration lease;
  private final LeaseDeadline deadline;
  private final LongSupplier ticker;
  private final Duration statementTimeout;

  private volatile Held held;
  private volatile Optional<Lease> lastSeen = Optional.empty();
  /** The term last won, kept after the belief in it ended, so it can still be renewed or resigned. Guarded by this. */
  private Fence won;
  private Connection session;
  private boolean migrated;
  private boolean closed;

  /**
   * @param ticker a monotonic clock in nanoseconds: {@code System::nanoTime}, or a test's
   */
  PostgresLeaderElection(ConnectionFactory factory, Tables tables, String name, String candidate, Duration lease, LongSupplier ticker) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.tables = Objects.requireNonNull(tables, "tables");
    this.sql = new LeaderTable(tables);
    this.name = Objects.requireNonNull(name, "name");
    this.candidate = Objects.requireNonNull(candidate, "candidate");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.deadline = new LeaseDeadline(lease);
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.statementTimeout = factory.statementTimeout().compareTo(lease) < 0 ? factory.statementTimeout() : lease;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String candidate() {
    return candidate;
  }

  @Override
  public Duration leaseTime() {
    return lease;
  }

  /** The tables whose leader row this election holds: a store fences its writes with it only on the same ones. */
  Tables tables() {
    return tables;
  }

  @Override
  public synchronized LeaderView campaign() {
    if (closed) {
      throw new IllegalStateException("The postgres election for '" + name + "' is closed");
    }
    try {
      if (won != null) {
        Optional<Granted> renewed = renew(won);
        if (renewed.isPresent()) {
          return leading(renewed.get());
        }
        LOG.warn("{} lost term {} of '{}': the lease ran out or another candidate took it", candidate, won.term(), name);
        held = null;
        won = null;
      }
      Optional<Granted> acquired = onSession(s -> grant(s, sql.acquire(), ps -> {
        ps.setString(1, candidate);
        ps.setLong(2, lease.toMillis());
        ps.setString(3, name);
      }));
      if (acquired.isPresent()) {
        won = acquired.get().lease().fence(name);
        return leading(acquired.get());
      }
      // A live lease of this candidate's that it never saw granted (the answer to its acquire was
      // lost) is not taken up: nothing says when it was sent, so it runs out and is taken anew.
      Optional<Lease> current = onSession(this::current);
      lastSeen = current;
      return new LeaderView(false, current);
    } catch (SQLException e) {
      held = null;
      drop();
      throw new LeaderElectionException("Could not campaign for '" + name + "' in " + factory.describe() + " (" + tables.describe() + "): "
          + factory.scrub(e.getMessage()) + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")")
          + "; this instance does not lead until a campaign succeeds. Check that the server runs and answers", factory.safeCause(e));
    } catch (RuntimeException e) {
      held = null;
      drop();
      throw new LeaderElectionException("Could not campaign for '" + name + "' in " + factory.describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Fence> fence() {
    Held h = held;
    return h != null && LeaseDeadline.before(ticker.getAsLong(), h.until()) ? Optional.of(h.fence()) : Optional.empty();
  }

  @Override
  public Optional<Lease> lastSeen() {
    return lastSeen;
  }

  @Override
  public synchronized void resign() {
    held = null;
    Fence mine = won;
    won = null;
    if (mine == null || closed) {
      return;
    }
    try {
      int ended = onSession(s -> {
        try (PreparedStatement ps = s.prepareStatement(sql.resign())) {
          ps.setString(1, name);
          ps.setString(2, candidate);
          ps.setLong(3, mine.term());
          return ps.executeUpdate();
        }
      });
      if (ended > 0) {
        lastSeen = Optional.empty();
        LOG.info("{} resigned term {} of '{}'", candidate, mine.term(), name);
      }
    } catch (SQLException e) {
      drop();
      throw new LeaderElectionException("Could not resign term " + mine.term() + " of '" + name + "' in " + factory.describe() + ": "
          + factory.scrub(e.getMessage()) + "; the others take over when the lease runs out", factory.safeCause(e));
    }
  }

  @Override
  public synchronized void close() {
    try {
      resign();
    } catch (LeaderElectionException e) {
      LOG.warn("{}", e.getMessage());
    } finally {
      closed = true;
      drop();
    }
  }

  @Override
  public String toString() {
    return "postgres election '" + name + "' (" + candidate + ", " + tables.describe() + ")";
  }

  private LeaderView leading(Granted granted) {
    held = new Held(granted.lease().fence(name), deadline.believedUntil(granted.sentAt()));
    lastSeen = Optional.of(granted.lease());
    return new LeaderView(true, lastSeen);
  }

  /**
   * Renews {@code term}. A renewal that fails ends this candidate's belief at once; one lost to a
   * dead session is sent again on a new one, which is safe: the server extends only a lease that
   * is still this candidate's and has not run out, so nobody else can have held it meanwhile.
   */
  private Optional<Granted> renew(Fence term) throws SQLException {
    SessionWork<Optional<Granted>> renewal = s -> grant(s, sql.renew(), ps -> {
      ps.setLong(1, lease.toMillis());
      ps.setString(2, name);
      ps.setString(3, candidate);
      ps.setLong(4, term.term());
    });
    try {
      return renewal.run(session());
    } catch (SQLException e) {
      held = null;
      if (!Transactions.isConnectionLoss(e)) {
        throw e;
      }
      drop();
      return renewal.run(session());
    }
  }

  /** Runs {@code work}, once more on a new session when the one it had was lost (a restarted server, an idle session cut). */
  private <T> T onSession(SessionWork<T> work) throws SQLException {
    boolean reused = session != null;
    try {
      return work.run(session());
    } catch (SQLException e) {
      if (!reused || !Transactions.isConnectionLoss(e)) {
        throw e;
      }
      drop();
      return work.run(session());
    }
  }

  private interface Parameters {
    void set(PreparedStatement ps) throws SQLException;
  }

  /** Runs an acquire or a renewal, reading the tick just before it is sent. */
  private Optional<Granted> grant(Connection s, String statement, Parameters parameters) throws SQLException {
    try (PreparedStatement ps = s.prepareStatement(statement)) {
      parameters.set(ps);
      long sentAt = ticker.getAsLong();
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Granted(LeaderTable.lease(rs), sentAt)) : Optional.empty();
      }
    }
  }

  private Optional<Lease> current(Connection s) throws SQLException {
    try (PreparedStatement ps = s.prepareStatement(sql.current())) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(LeaderTable.lease(rs)) : Optional.empty();
      }
    }
  }

  /** The election's own session: opened (and the tables migrated, the row seeded) when there is none. */
  private Connection session() throws SQLException {
    if (session != null) {
      return session;
    }
    Connection c = factory.open();
    try {
      if (!migrated) {
        Schema.migrate(c, tables);
        migrated = true;
      }
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("SET statement_timeout = " + Math.max(1, statementTimeout.toMillis()));
      }
      try {
        c.setNetworkTimeout(Runnable::run, (int) statementTimeout.plus(NETWORK_SLACK).toMillis());
      } catch (SQLFeatureNotSupportedException e) {
        // A DataSource's wrapper that cannot: the driver's socket timeout (steward.postgres.socket-timeout) still applies.
        LOG.debug("The election's session cannot set a network timeout; {} applies", PostgresStoreSettings.SOCKET_TIMEOUT.name());
      }
      try (PreparedStatement ps = c.prepareStatement(sql.seed())) {
        ps.setString(1, name);
        ps.executeUpdate();
      }
    } catch (SQLException | RuntimeException e) {
      close(c);
      throw e;
    }
    session = c;
    return c;
  }

  private void drop() {
    if (session != null) {
      close(session);
      session = null;
    }
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // A session that is broken already: nothing more to learn from it.
    }
  }
}
