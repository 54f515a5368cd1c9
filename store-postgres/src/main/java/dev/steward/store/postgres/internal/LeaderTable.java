package dev.steward.store.postgres.internal;

import dev.steward.leader.Lease;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * The statements on {@code PREFIXleader}, one row per election name: its holder, its term (which
 * only grows), when the term began and when the lease runs out. Only the server's clock decides
 * ({@code now()}, the start of the statement's transaction; every statement here runs alone, in
 * autocommit). Immutable and thread-safe.
 *
 * <p>Parameters, in order, are given in each method's comment. The lease is passed in milliseconds.
 */
record LeaderTable(Tables tables) {
  /** What every statement that reads a lease returns, for {@link #lease}. */
  private static final String LEASE_COLUMNS = "holder, term, since, expires_at";

  /** name: the row an election needs, made once; a lease that has already run out. */
  String seed() {
    return "INSERT INTO " + tables.leader() + " (name, holder, term, since, expires_at) VALUES (?, '', 0, '-infinity', '-infinity')"
        + " ON CONFLICT (name) DO NOTHING";
  }

  /** holder, lease ms, name: takes the lease only when it has run out, starting the next term. */
  String acquire() {
    return "UPDATE " + tables.leader() + " SET holder = ?, term = term + 1, since = now(), expires_at = now() + ? * interval '1 millisecond'"
        + " WHERE name = ? AND expires_at < now() RETURNING " + LEASE_COLUMNS;
  }

  /** lease ms, name, holder, term: extends the holder's own term while it has not run out. */
  String renew() {
    return "UPDATE " + tables.leader() + " SET expires_at = now() + ? * interval '1 millisecond'"
        + " WHERE name = ? AND holder = ? AND term = ? AND expires_at > now() RETURNING " + LEASE_COLUMNS;
  }

  /** name, holder, term: ends the holder's own term at once, so another may take the lease without waiting. */
  String resign() {
    return "UPDATE " + tables.leader() + " SET expires_at = '-infinity'"
        + " WHERE name = ? AND holder = ? AND term = ? AND expires_at > now()";
  }

  /** name: the lease while it has not run out. */
  String current() {
    return "SELECT " + LEASE_COLUMNS + " FROM " + tables.leader() + " WHERE name = ? AND expires_at > now()";
  }

  /**
   * name: the term a fenced write checks, first in its transaction. {@code FOR SHARE} makes a
   * takeover's {@code UPDATE} of the row wait until the write's transaction ends, and makes this
   * read wait for a takeover in flight and then see its new term; so no write with an old term
   * commits once a newer term exists. {@code FOR KEY SHARE} would not do: an update of non-key
   * columns does not conflict with it. Nor would a subquery in the write's own {@code UPDATE}: under
   * READ COMMITTED it reads the statement's snapshot and is not checked again.
   */
  String fence() {
    return "SELECT term, holder FROM " + tables.leader() + " WHERE name = ? FOR SHARE";
  }

  /** The lease in the current row of a result of {@link #acquire}, {@link #renew} or {@link #current}. */
  static Lease lease(ResultSet rs) throws SQLException {
    return new Lease(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
        rs.getObject(4, OffsetDateTime.class).toInstant());
  }
}
