package dev.steward.store.postgres;

import dev.steward.StewardException;
import java.util.Optional;

/**
 * The postgres store could not do what it was asked: the server could not be reached, refused the
 * login, or failed a statement. The message says what the store was doing, what the server said
 * and its SQLSTATE; it never contains the password. Nothing was written unless the message says
 * otherwise (see {@link WriteOutcomeUnknownException}).
 */
public class PostgresStoreException extends StewardException {
  private static final long serialVersionUID = 1L;
  private final String sqlState;

  public PostgresStoreException(String message, String sqlState, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState == null ? "" : sqlState;
  }

  /** The server's SQLSTATE (e.g. {@code 28P01}: wrong password), when it sent one. */
  public Optional<String> sqlState() {
    return sqlState.isEmpty() ? Optional.empty() : Optional.of(sqlState);
  }
}
